/** Vite's client types: `import './x.css'` and `import.meta.env` in the renderer. */
/// <reference types="vite/client" />
