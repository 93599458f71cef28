/** "Chrome on macOS" from a user-agent string: enough to recognise a device, no library needed. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown device';
  const browser =
    [
      [/Edg\//, 'Edge'],
      [/OPR\//, 'Opera'],
      [/Firefox\//, 'Firefox'],
      [/Chrom(e|ium)\//, 'Chrome'],
      [/Safari\//, 'Safari'],
      [/curl\//, 'curl'],
      [/node|undici/i, 'Node.js'],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? 'Browser';
  const os =
    [
      [/Windows/, 'Windows'],
      [/iPhone|iPad|iPod/, 'iOS'],
      [/Mac OS X|Macintosh/, 'macOS'],
      [/Android/, 'Android'],
      [/CrOS/, 'ChromeOS'],
      [/Linux/, 'Linux'],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1];
  return os ? `${browser as string} on ${os as string}` : (browser as string);
}
