// Build-time constants (webpack DefinePlugin; see webpack.config.ts).
declare const __FIREFOX__: boolean;
declare const __CHROMIUM__: boolean;
declare const __E2E__: boolean;
declare const __VERSION__: string;
