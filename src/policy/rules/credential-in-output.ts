import type { Rule } from '../rule';

export const credentialInOutput: Rule = {
  id: 'credential-in-output',
  description: 'No credential-shaped string, and no key or variable named like a secret holding a value, in any file written to dist/ or inside its archives.',
  check: (_objects, ctx) => [...(ctx.outputFindings ?? [])],
};
