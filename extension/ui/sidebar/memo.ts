import type { Component, FunctionComponent } from 'preact';

/**
 * The component, rendered again only when one of its props changed (compared with ===): what
 * preact/compat's memo does, without importing preact/compat, which also installs a hook that
 * copies and rewrites the props of every element of every render for React's sake.
 */
export function memo<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  // Called with the component instance as `this` (how Preact runs function components), so the
  // hooks inside `render` belong to this component: no extra layer in the tree. Set once, before
  // the first render's hooks run: useState wraps it then, so that the component's own state
  // updates still render; replacing it on a later render would drop that wrapper.
  function Memo(this: Component<P>, props: P) {
    this.shouldComponentUpdate ??= propsChanged;
    return render.call(this, props);
  }
  Memo.displayName = `Memo(${render.displayName ?? render.name})`;
  return Memo as FunctionComponent<P>;
}

function propsChanged(this: Component, next: object): boolean {
  const previous = this.props as Record<string, unknown>;
  const upcoming = next as Record<string, unknown>;
  for (const key in previous) if (!(key in upcoming)) return true;
  for (const key in upcoming) if (previous[key] !== upcoming[key]) return true;
  return false;
}
