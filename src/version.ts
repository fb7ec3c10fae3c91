import { version } from '../package.json';

/**
 * The package version: the version of every packaged chart and offline bundle. esbuild inlines
 * it into lib/enterprise-flyte.js, so the CLI needs no package.json at run time.
 */
export const PACKAGE_VERSION: string = version;
