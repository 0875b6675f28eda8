// The host prints a link ending in `?token=T` (like Jupyter). The app keeps the token for
// this browser tab in sessionStorage and takes it out of the address bar so it does not end
// up in bookmarks, screenshots or the history.

const KEY = 'stemflow.token';
let memory: string | null = null;

function store(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: keep the token in memory only
  }
}

/** Reads `?token=` from the page URL (if any), remembers it and strips it from the URL. */
export function captureToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    memory = fromUrl;
    store()?.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.toString());
  }
  return getToken();
}

export function getToken(): string | null {
  return memory ?? store()?.getItem(KEY) ?? null;
}
