// Where to continue after the email is verified: the verification link opens a fresh page, so the path the user
// was heading to at sign-up (an invitation, usually) is kept in this browser until then.
const KEY = 'grip-after-verify';

export function rememberAfterVerify(path: string | undefined): void {
  try {
    if (path) localStorage.setItem(KEY, path);
    else localStorage.removeItem(KEY);
  } catch {
    // Blocked storage: the user lands on the home page instead.
  }
}

export function takeAfterVerify(): string | undefined {
  try {
    const path = localStorage.getItem(KEY) ?? undefined;
    localStorage.removeItem(KEY);
    return path;
  } catch {
    return undefined;
  }
}
