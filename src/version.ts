declare const __SEEDANCE_VERSION__: string;

/** Injected at build time (scripts/build.mjs) and by vitest.config.ts. */
export const VERSION: string = __SEEDANCE_VERSION__;
