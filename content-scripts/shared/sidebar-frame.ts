import { browser } from 'wxt/browser';
import type { HostApp } from '../../extension/api/protocol';

export const SIDEBAR_WIDTH = 360;
export const HANDLE_WIDTH = 32;

/**
 * The sidebar is an iframe of an extension page: the host page can see that a frame exists,
 * but cross-origin rules keep it from reading anything inside. The frame sits in a closed shadow
 * root so host CSS cannot restyle it, and host layout roots get padding so nothing is covered.
 */
export interface SidebarFrame {
  setCollapsed(collapsed: boolean): void;
  setVisible(visible: boolean): void;
  destroy(): void;
}

export function mountSidebarFrame(app: HostApp, layoutRoots: readonly string[]): SidebarFrame {
  const hostEl = document.createElement('switchboard-sidebar');
  const shadow = hostEl.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = `
    :host { all: initial; }
    iframe {
      position: fixed; top: 0; right: 0; height: 100vh; border: 0; margin: 0; padding: 0;
      z-index: 2147483646; color-scheme: normal; background: transparent;
      border-left: 1px solid rgba(127, 127, 127, 0.25); box-sizing: border-box;
      transition: width 120ms ease-out;
    }
    @media (prefers-reduced-motion: reduce) { iframe { transition: none; } }
  `;
  const frame = document.createElement('iframe');
  const url = new URL(browser.runtime.getURL('/sidebar.html'));
  url.searchParams.set('app', app);
  url.searchParams.set('host', location.host);
  frame.src = url.href;
  frame.title = 'Switchboard';
  frame.setAttribute('allow', 'clipboard-write');
  shadow.append(style, frame);

  // Layout: one style element in the host page, switched by a data attribute on <html>.
  const layoutStyle = document.createElement('style');
  layoutStyle.dataset.switchboard = 'layout';
  layoutStyle.textContent = `${layoutRoots.map((s) => `html[data-switchboard-docked] ${s}`).join(',\n')} {
    padding-right: var(--switchboard-width) !important; box-sizing: border-box !important;
  }`;
  document.documentElement.append(layoutStyle, hostEl);

  let collapsed = false;
  let visible = true;
  const apply = () => {
    const width = collapsed ? HANDLE_WIDTH : SIDEBAR_WIDTH;
    frame.style.width = `${width}px`;
    frame.style.display = visible ? 'block' : 'none';
    const root = document.documentElement;
    root.style.setProperty('--switchboard-width', `${width}px`);
    if (visible) root.setAttribute('data-switchboard-docked', collapsed ? 'collapsed' : 'expanded');
    else root.removeAttribute('data-switchboard-docked');
  };
  apply();

  return {
    setCollapsed(value) {
      collapsed = value;
      apply();
    },
    setVisible(value) {
      visible = value;
      apply();
    },
    destroy() {
      hostEl.remove();
      layoutStyle.remove();
      document.documentElement.removeAttribute('data-switchboard-docked');
      document.documentElement.style.removeProperty('--switchboard-width');
    },
  };
}
