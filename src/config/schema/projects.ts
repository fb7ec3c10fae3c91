import { _default, array, maxLength, minLength, string } from 'zod/mini';
import * as f from '../formats';
import { described, obj, str } from './fields';

export const projects = described(
  _default(
    array(
      obj(
        {
          name: str(f.FLYTE_PROJECT, 'Project id; task pods run in the namespace "<project>-<domain>".'),
          description: _default(
            described(string({ error: 'expected a description of at most 300 characters' }).check(maxLength(300, { error: 'expected a description of at most 300 characters' })), 'Shown in the console.'),
            '',
          ),
        },
        'A project Flyte creates at start (upstream "seedProjects").',
      ),
      { error: 'expected a list of projects ({name, description})' },
    ).check(minLength(1, { error: 'expected at least one project' })),
    [{ name: 'flytesnacks', description: 'Default project setup.' }],
  ),
  'Projects Flyte creates at start (upstream "seedProjects"); their ServiceAccounts are the ones the task trust policy names.',
);

export const domains = described(
  _default(
    array(str(f.FLYTE_DOMAIN, 'Domain id.'), { error: 'expected a list of domain names' }).check(minLength(1, { error: 'expected at least one domain' })),
    ['development', 'staging', 'production'],
  ),
  'Domains of every project (Flyte "domains").',
);
