/** Debian's Chromium (or CHROMIUM_PATH). */
export declare const CHROMIUM_PATH: string;
/** Flags for a loopback-only machine, plus Chromium's fake camera granted without a prompt. */
export declare const CHROMIUM_ARGS: string[];
