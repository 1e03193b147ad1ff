/** Kept equal to package.json's version by a test; the bundle cannot read package.json. */
export const VERSION = '0.1.0';
