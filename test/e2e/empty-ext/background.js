// An empty MV3 background: what the browser itself costs per extension (npm run bench).
