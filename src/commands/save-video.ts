// Moved to src/core/save-video.ts (the library uses it too); batch still imports it from here.
export * from '../core/save-video.js';
