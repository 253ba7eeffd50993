// Injected before content.js into a page that was already running when JOC Guard started protecting it.
globalThis.__JOC_GUARD_LATE__ = true;
