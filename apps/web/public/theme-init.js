// Applies the saved color scheme before the app loads, so a dark-mode user never sees a light flash.
// Mirrors Mantine's ColorSchemeScript (which is inline, and our CSP allows only same-origin scripts).
// Key and values match localStorageColorSchemeManager's defaults; the default scheme is "auto".
(function () {
  try {
    var stored = window.localStorage.getItem('mantine-color-scheme-value');
    var scheme = stored === 'light' || stored === 'dark' || stored === 'auto' ? stored : 'auto';
    if (scheme === 'auto') {
      scheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    }
    document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
  } catch {
    // Storage can be blocked (privacy mode): Mantine falls back to the default at runtime.
  }
})();
