// Sets the Remember Me mode for content.js, which runs right after this file in the same world.
globalThis.__JOC_GUARD_MODE__ = 'expire';
