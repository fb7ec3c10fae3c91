import * as f from '../../src/config/formats';

const x = (n: number, c = 'a') => c.repeat(n);

/** Per format: values it must accept and values it must reject, from the rule each one names. */
const CASES: Record<string, { format: f.Format; accept: string[]; reject: string[] }> = {
  DNS_LABEL: {
    format: f.DNS_LABEL,
    accept: ['a', 'flyte', 'ns-1', '0abc', '1', x(63)],
    reject: ['', x(64), '-a', 'a-', 'A', 'Flyte', 'a_b', 'a.b', 'a b', 'é'],
  },
  DNS_SUBDOMAIN: {
    format: f.DNS_SUBDOMAIN,
    accept: ['a', 'db-secret', 'flyte.corp.example', 'a.b-c.d', `${x(63)}.${x(63)}.${x(63)}.${x(61)}`],
    reject: ['', `${x(63)}.${x(63)}.${x(63)}.${x(62)}`, 'a..b', '.a', 'a.', '-a.b', 'a-.b', 'A.b', 'a_b', 'a/b'],
  },
  RELEASE_NAME: {
    format: f.RELEASE_NAME,
    accept: ['a', 'flyte-backend', 'r1', x(42)],
    reject: ['', x(43), '1abc', '-a', 'a-', 'Flyte', 'a.b', 'a_b'],
  },
  HOSTNAME: {
    format: f.HOSTNAME,
    accept: ['db', 'db.internal', 'flyte-db.cluster-abc123.us-east-1.rds.amazonaws.com', '10.0.0.1', '0.0.0.0', '255.255.255.255', '192.168.1.10'],
    reject: ['', 'DB.internal', 'db_1.internal', 'db.internal:5432', 'http://db', 'db..internal', '-db', '256.0.0.1', '10.0.0.256', '1.2.3.999', `${x(253)}.b`],
  },
  REGISTRY_HOST: {
    format: f.REGISTRY_HOST,
    accept: ['registry.corp', 'registry.corp:5443', 'localhost:5000', '10.0.0.1', '10.0.0.1:65535', 'reg:1', 'a.b.c:443'],
    reject: ['', 'registry.corp:65536', 'registry.corp:0', 'registry.corp:05000', 'registry.corp:', 'https://registry.corp', 'registry.corp/path', 'Registry.corp', 'registry.corp:port', '256.0.0.1:5000', '10.0.0.256'],
  },
  REGISTRY_LOCATION: {
    format: f.REGISTRY_LOCATION,
    accept: [
      'registry.corp', 'registry.corp:5443', 'localhost:5000', 'localhost', '10.0.0.1:5000',
      // Harbor project, Artifactory repository key, nested prefixes, an ECR namespace.
      'harbor.corp.example/flyte', 'artifactory.corp.example:8443/docker-local', 'reg.corp/a/b-c/d_e', 'localhost/team',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/flyte-mirror', '10.0.0.1/x', `reg.corp/${x(191)}`,
    ],
    reject: [
      '', 'myteam', 'myteam/flyte', 'my-team/flyte/x', 'https://reg.corp/flyte', 'reg.corp/', 'reg.corp//x', 'reg.corp/Flyte', 'reg.corp/-x',
      'reg.corp/x-', 'reg.corp/a b', 'reg.corp:0/x', '256.0.0.1/x', '10.0.0.256:5000/x', 'reg.corp/x:tag', 'reg.corp/x@sha256', `reg.corp/${x(192)}`,
    ],
  },
  SECRET_KEY: {
    format: f.SECRET_KEY,
    accept: ['password', 'tls.crt', '.env', 'DB_PASSWORD', 'a-b', x(253), 'a..b', '.a'],
    reject: ['', 'a/b', 'a b', 'a:b', x(254), '.', '..', '..data', '...'],
  },
  POSTGRES_IDENTIFIER: {
    format: f.POSTGRES_IDENTIFIER,
    accept: ['flyte', '_x', 'Flyte_Admin', 'a$b', 'a-b', 'a1', x(63)],
    reject: ['', '1abc', '$a', '-a', 'a b', 'a.b', 'a"b', x(64)],
  },
  POSTGRES_OPTIONS: {
    format: f.POSTGRES_OPTIONS,
    accept: ['sslmode=require', 'sslmode=verify-full connect_timeout=10', 'application_name=flyte', 'channel_binding=require require_auth=scram-sha-256,!password target_session_attrs=read-write sslsni=1 sslnegotiation=direct'],
    reject: ['', 'sslmode', 'sslmode=', 'SSLMODE=require', 'sslmode="require"', "sslmode='require'", 'a=b\\c', 'a=b#c', 'host=a:b', 'sslmode=require ', ' sslmode=require', 'a=b  c=d', `a=${x(511)}`, 'sslmode=verify-full sslrootcert=/tmp/ca.crt', 'sslrootcert=/etc/ssl/flyte-db-ca/root.crt', 'sslcert=/a sslmode=require', 'sslmode=require sslkey=/k', 'sslcrl=/c', 'sslcrldir=/d', 'sslmode=on', 'keepalives=1', 'search_path=public', `application_name=${x(64)}`],
  },
  ENV_NAME: {
    format: f.ENV_NAME,
    accept: ['HTTPS_PROXY', '_x', 'a1', 'GOMAXPROCS'],
    reject: ['', '1A', 'A-B', 'A.B', 'A B', 'A=B'],
  },
  HTTPS_ENDPOINT: {
    format: f.HTTPS_ENDPOINT,
    accept: ['https://bucket.vpce-0a1b2c3d-4e5f.s3.us-east-1.vpce.amazonaws.com', 'https://s3.us-east-1.amazonaws.com', 'https://minio.corp.example:9000'],
    reject: ['', 'http://s3.us-east-1.amazonaws.com', 'https://', 'https://s3.example/', 'https://s3.example/bucket', 'https://u:p@s3.example', 's3.example', 'https://S3.example', 'https://s3.example:'],
  },
  PROXY_URL: {
    format: f.PROXY_URL,
    accept: ['http://proxy.corp.example:3128', 'https://proxy.corp.example:8443', 'http://10.0.0.5:3128', 'http://proxy/'],
    reject: ['', 'proxy:3128', 'socks5://proxy:1080', 'http://user:pass@proxy:3128', 'http://proxy:3128/path', 'http://'],
  },
  NO_PROXY_ENTRY: {
    format: f.NO_PROXY_ENTRY,
    accept: ['.corp.example', 'db.internal', '10.100.0.0/16', '169.254.169.254', 'fd00:ec2::254', 'registry:5000'],
    reject: ['', '*', 'a b', 'a,b', 'http://x', '.'],
  },
  S3_BUCKET: {
    format: f.S3_BUCKET,
    accept: ['abc', 'my-bucket', 'my.bucket.name', 'b12', 'xn-a', 'a-s3alias-b', 'sthree', 'a-sthree-b', 'amzn-s3-demo', 'mrap', 'a.mrap.b', 'a--x-s3-b', x(63)],
    reject: ['ab', x(64), 'xn--a', 'xn--bucket', '192.168.0.1', '10.0.0.1', 'a..b', 'bucket-s3alias', 'bucket--ol-s3', 'bucket--x-s3', 'bucket--table-s3', 'bucket.mrap', 'sthree-bucket', 'sthree-configurator-x', 'amzn-s3-demo-bucket', 'Bucket', '-abc', 'abc-', '.abc', 'abc.', 'a_b', 'a b'],
  },
  AWS_REGION: {
    format: f.AWS_REGION,
    accept: ['us-east-1', 'eu-west-3', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-4', 'il-central-1', 'eu-central-2'],
    reject: ['', 'us-east', 'US-EAST-1', 'us-east-1a', 'mars', 'us-east-100', 'useast1'],
  },
  IAM_ROLE_ARN: {
    format: f.IAM_ROLE_ARN,
    accept: [
      'arn:aws:iam::123456789012:role/flyte',
      'arn:aws-cn:iam::123456789012:role/flyte',
      'arn:aws-us-gov:iam::123456789012:role/flyte',
      'arn:aws:iam::123456789012:role/path/to/flyte',
      'arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h',
      `arn:aws:iam::123456789012:role/${x(64)}`,
    ],
    reject: [
      '',
      'arn:aws:iam::12345678901:role/flyte',
      'arn:aws:iam::1234567890123:role/flyte',
      'arn:aws:iam::123456789012:user/flyte',
      'arn:aws:iam::123456789012:role/',
      'arn:aws:iam::123456789012:role/path/',
      'arn:aws:sts::123456789012:role/flyte',
      'arn:awsx:iam::123456789012:role/flyte',
      'arn:aws:iam:us-east-1:123456789012:role/flyte',
      `arn:aws:iam::123456789012:role/${x(65)}`,
      'arn:aws:iam::123456789012:role/a b',
    ],
  },
  IMAGE_TAG: {
    format: f.IMAGE_TAG,
    accept: ['v1.16.8', '15-alpine', '_x', 'Latest', x(128)],
    reject: ['', 'latest', '.x', '-x', 'a+b', 'a:b', x(129)],
  },
  FLYTE_VERSION: {
    format: f.FLYTE_VERSION,
    accept: ['v1.16.8', '1.16.8', 'v1.16.8-rc1', 'v1_2', 'a', x(63)],
    reject: ['', 'latest', '-x', '.x', 'x-', 'x.', 'v1.16.8+build', 'v1 2', x(64)],
  },
  QUANTITY: {
    format: f.QUANTITY,
    accept: ['1', '0', '500m', '1.5', '.5', '1.5Gi', '512Mi', '4Gi', '2k', '1E', '1Ei'],
    // "1e3" (exponent notation) is a Kubernetes quantity too, but outside the subset accepted here.
    reject: ['', '1e3', '1.', '-1', '+1', '1 Gi', '1gi', '1GB', 'Gi', '1..5', `${'1'.repeat(33)}`],
  },
  DURATION: {
    format: f.DURATION,
    accept: ['30s', '1m', '1h', '1h30m', '500ms', '1h0m0s', '90s'],
    reject: ['', '30', 's', '1d', '1.5h', '-1s', '1 h', '1H', `${'1'.repeat(32)}s`],
  },
  LABEL_VALUE: {
    format: f.LABEL_VALUE,
    accept: ['', 'a', 'v1.16.8', 'a_b-c.d', 'A', x(63)],
    reject: [x(64), '-a', 'a-', '_a', 'a b', 'a/b', 'é'],
  },
  LABEL_KEY: {
    format: f.LABEL_KEY,
    accept: ['app', 'release', 'app.kubernetes.io/name', 'example.com/Team_1', 'a/b', x(63), `${x(200)}/${x(63)}`],
    reject: ['', 'Example.com/x', '/x', 'a/', 'a/b/c', x(64), 'a b', '-a', `a/${x(64)}`],
  },
  CIDR: {
    format: f.CIDR,
    accept: ['10.0.0.0/16', '0.0.0.0/0', '10.0.0.1/32', '192.168.0.0/24', '172.16.0.0/12'],
    reject: ['', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/016', '10.0.0.0/01', '256.0.0.0/8', '10.0.0/8', '::/0', 'fd00::/8', '10.0.0.0/-1'],
  },
  HTTPS_URL: {
    format: f.HTTPS_URL,
    accept: ['https://login.example.com', 'https://login.example.com/oauth2/default', 'https://idp.corp:8443/realms/flyte', 'https://a.okta.com/oauth2/aus1/', 'https://login.microsoftonline.com/0000-11/v2.0'],
    reject: ['', 'http://login.example.com', 'https://u:p@login.example.com', 'https://login.example.com/?a=b', 'https://login.example.com/#x', 'https://Login.example.com', 'https://h:70000', 'https://h/a b', 'https://h/"x', "https://h/'x"],
  },
  REDIRECT_URI: {
    format: f.REDIRECT_URI,
    accept: ['http://localhost:53593/callback', 'https://flyte.example.com', 'http://flyte-backend-flyte-binary-http.flyte:8088'],
    reject: ['', 'ftp://h', 'localhost:53593/callback', 'http://h:0', 'http://h/a b'],
  },
  OAUTH_ID: {
    format: f.OAUTH_ID,
    accept: ['flytepropeller', '0oa1flyteconsole', '8a2f0c1e-1111-4a4a-9b9b-0123456789ab', 'api://flyte', 'svc@corp'],
    reject: ['', '-a', 'a b', 'a"b', x(256)],
  },
  OAUTH_SCOPE: {
    format: f.OAUTH_SCOPE,
    accept: ['all', 'offline', 'api://flyte/.default', 'flyte:admin'],
    reject: ['', 'a b', 'a"b', 'a\\b', x(256)],
  },
};

describe.each(Object.entries(CASES))('%s', (_name, { format, accept, reject }) => {
  test.each(accept)('accepts %j', (value) => {
    expect(f.matches(format, value)).toBe(true);
    expect(() => f.assertFormat('Thing field', value, format)).not.toThrow();
  });

  test.each(reject)('rejects %j', (value) => {
    expect(f.matches(format, value)).toBe(false);
  });

  test('states what is allowed as one line that completes "expected ..."', () => {
    expect(format.allowed.length).toBeGreaterThan(10);
    expect(format.allowed).not.toContain('\n');
    expect(format.allowed).not.toMatch(/^expected/);
  });

  // Helm checks values.schema.json patterns with Go's RE2: no look-around, no back-references.
  test('its pattern is anchored and RE2-compatible', () => {
    expect(format.pattern.source.startsWith('^')).toBe(true);
    expect(format.pattern.source.endsWith('$')).toBe(true);
    expect(format.pattern.source).not.toMatch(/\(\?[=!<]|\\[1-9]/);
    expect(format.pattern.flags).toBe('');
  });
});

describe('every format works the same in Go (Helm) and JavaScript', () => {
  const formats = Object.entries(f).filter(([, v]) => typeof v === 'object' && v !== null && 'pattern' in v) as Array<[string, f.Format]>;

  test.each(formats)('%s uses no class or look-around whose meaning differs in RE2', (_name, format) => {
    for (const re of [format.pattern, ...(format.reject ?? []).flatMap((r) => [r.pattern, ...(r.unless ? [r.unless] : [])])]) {
      expect(re.source).not.toMatch(/\\[sSbBpP]|\(\?[=!<]/);
      expect(re.flags).toBe('');
    }
  });

  test('rejections are exported as JSON Schema "not" rules that refuse the same values', () => {
    expect(f.rejectionSchema(f.IMAGE_TAG)).toEqual({ allOf: [{ not: { pattern: '^latest$' } }] });
    expect(f.rejectionSchema(f.HOSTNAME)).toEqual({
      allOf: [{ not: { allOf: [{ pattern: f.HOSTNAME.reject![0].pattern.source }, { not: { pattern: f.HOSTNAME.reject![0].unless!.source } }] } }],
    });
    expect(f.rejectionSchema(f.DNS_LABEL)).toEqual({});
  });
});

describe('assertFormat', () => {
  test('throws one line naming the property, the value and what is allowed', () => {
    expect(() => f.assertFormat('FlyteThing namespace', 'Bad_NS', f.DNS_LABEL)).toThrow(
      new Error('FlyteThing namespace: "Bad_NS" is not allowed; expected a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters'),
    );
  });

  test('applies the length limit and the extra check, not just the pattern', () => {
    expect(() => f.assertFormat('n', x(64), f.DNS_LABEL)).toThrow(`n: "${x(64)}" is not allowed; expected a DNS-1123 label`);
    expect(() => f.assertFormat('tag', 'latest', f.IMAGE_TAG)).toThrow('tag: "latest" is not allowed; expected an image tag');
  });

  test('rejects values that are not strings', () => {
    expect(() => f.assertFormat('port', 5432 as unknown as string, f.DNS_LABEL)).toThrow('port: 5432 is not allowed');
    expect(() => f.assertFormat('name', undefined as unknown as string, f.DNS_LABEL)).toThrow('name: undefined is not allowed');
  });

  test('escapes the value so that the message stays one line', () => {
    let message = '';
    try {
      f.assertFormat('host', 'a\nb', f.HOSTNAME);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('host: "a\\nb" is not allowed; expected a lowercase DNS name or an IPv4 address');
  });
});

describe('assertPort', () => {
  test.each([1, 80, 5432, 65535])('accepts %d', (port) => {
    expect(() => f.assertPort('db port', port)).not.toThrow();
  });

  test.each([0, -1, 65536, 1.5, 70000])('rejects %d', (port) => {
    expect(() => f.assertPort('db port', port)).toThrow(new Error(`db port: ${port} is not allowed; expected an integer from 1 to 65535`));
  });

  test('rejects NaN and strings', () => {
    expect(() => f.assertPort('p', Number.NaN)).toThrow('expected an integer from 1 to 65535');
    expect(() => f.assertPort('p', '5432' as unknown as number)).toThrow('p: "5432" is not allowed; expected an integer from 1 to 65535');
  });
});

describe('registry locations and ECR hosts', () => {
  test('server and prefix of a location', () => {
    expect([f.registryServer('harbor.corp:8443/flyte/mirror'), f.registryPrefix('harbor.corp:8443/flyte/mirror')]).toEqual(['harbor.corp:8443', 'flyte/mirror']);
    expect([f.registryServer('reg.corp'), f.registryPrefix('reg.corp')]).toEqual(['reg.corp', undefined]);
  });

  test('account and region of an ECR host; nothing for other hosts', () => {
    expect(f.ecrRegistry('210987654321.dkr.ecr.eu-west-3.amazonaws.com')).toEqual({ account: '210987654321', region: 'eu-west-3' });
    expect(f.ecrRegistry('111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com')).toEqual({ account: '111122223333', region: 'us-gov-west-1' });
    expect(f.ecrRegistry('444455556666.dkr.ecr.cn-north-1.amazonaws.com.cn')).toEqual({ account: '444455556666', region: 'cn-north-1' });
    expect(f.ecrRegistry('registry.corp.example')).toBeUndefined();
    expect(f.ecrRegistry('210987654321.dkr.ecr.eu-west-3.amazonaws.com/prefix')).toBeUndefined();
  });
});
