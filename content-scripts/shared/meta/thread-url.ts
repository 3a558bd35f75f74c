/**
 * Thread ids from URLs (host-apps-dom.md §2b/§3c). Messenger: /messages/t/<id>/, /messages/e2ee/t/<id>/
 * on facebook.com and /t/<id>, /e2ee/t/<id> on the legacy messenger.com; an e2ee thread id is a
 * different id from the classic one, so the flag travels with it. Instagram: /direct/t/<id>/ (and
 * /direct/e2ee/t/<id>/, seen in one script only).
 */
const MESSENGER_THREAD = /^\/(?:messages\/)?(e2ee\/)?t\/(\d+)(?:\/|$)/;
const INSTAGRAM_THREAD = /^\/direct\/(e2ee\/)?t\/([^/?#]+)/;

export function messengerThread(pathname: string): { id: string; e2ee: boolean } | null {
  const m = MESSENGER_THREAD.exec(pathname);
  return m?.[2] ? { id: m[2], e2ee: !!m[1] } : null;
}

export function instagramThread(pathname: string): { id: string; e2ee: boolean } | null {
  const m = INSTAGRAM_THREAD.exec(pathname);
  return m?.[2] ? { id: m[2], e2ee: !!m[1] } : null;
}

/** A profile link's path as an identity: "/jane.doe/" → "jane.doe", "/profile.php?id=1" → "profile.php?id=1". */
export function profileFromHref(href: string | null | undefined): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href, 'https://www.facebook.com');
  } catch {
    return null;
  }
  const path = url.pathname.replace(/^\/+|\/+$/g, '');
  if (!path) return null;
  if (path === 'profile.php')
    return url.searchParams.get('id') ? `profile.php?id=${url.searchParams.get('id')}` : null;
  if (path.includes('/') || /^(messages|t|e2ee|direct|explore|reels|stories|messenger_media)$/.test(path))
    return null;
  return path;
}
