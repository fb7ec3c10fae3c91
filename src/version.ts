import pkg from '../package.json';

/** Version of enterprise-flyte; also the version of every chart and bundle it writes. */
export const VERSION: string = pkg.version;
