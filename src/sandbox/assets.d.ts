// The build (esbuild's binary loader) and vitest (vitest.config.ts) both import these committed files as bytes.
declare module '*.mp4' {
  const bytes: Uint8Array;
  export default bytes;
}
declare module '*.png' {
  const bytes: Uint8Array;
  export default bytes;
}
