import { createHash } from 'crypto';
import * as openpgp from 'openpgp';
import { EXIT, UserError } from '../errors';
import { compareStrings } from '../synth/compare';
import { tarGz, TarEntry, untarGz } from '../synth/tar';
import { provenanceMessage } from './provenance';
import type { SigningKey } from './signing-key';

/** The detached, ASCII-armored OpenPGP signature over SHA256SUMS, next to it in the bundle folder. */
export const SUMS_SIGNATURE = 'SHA256SUMS.asc';

/** An unpacked bundle that matches its own SHA256SUMS. */
export interface BundleContents {
  /** The one folder the archive holds. */
  readonly folder: string;
  /** Every file, paths relative to the folder, SHA256SUMS included. */
  readonly files: readonly TarEntry[];
  readonly sums: Buffer;
  /** The packaged chart, `chart/<name>-<version>.tgz`. */
  readonly chart: TarEntry;
}

const SUM_LINE = /^([0-9a-f]{64}) {2}([A-Za-z0-9_./:@%+=,-]+)$/;

/**
 * Unpacks a bundle archive and checks it the way deploy.sh does: one folder, a SHA256SUMS whose
 * lines are well formed, listing exactly the other files, each with its SHA-256. A bundle that
 * fails is not signed: a signature vouches for what SHA256SUMS lists.
 */
export async function readBundle(archive: Buffer, what: string): Promise<BundleContents> {
  const refuse = (why: string): never => {
    throw new UserError(`${what}: ${why}; rebuild it (npx enterprise-flyte bundle --env NAME) and sign again`, EXIT.BUNDLE);
  };
  const entries = await untarGz(archive).catch((e: Error) => refuse(`not a readable bundle archive (${e.message.split('\n')[0]})`));
  const folder = entries[0]?.path.split('/')[0] ?? '';
  if (entries.length === 0 || entries.some((e) => !e.path.startsWith(`${folder}/`))) refuse('expected one folder holding every file');
  const files = entries.map((e) => ({ ...e, path: e.path.slice(folder.length + 1) }));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const sums = byPath.get('SHA256SUMS');
  if (!sums) return refuse('has no SHA256SUMS');
  const listed = new Map<string, string>();
  for (const [i, line] of sums.content.toString().split('\n').slice(0, -1).entries()) {
    const m = SUM_LINE.exec(line);
    if (!m || listed.has(m[2])) refuse(`SHA256SUMS line ${i + 1} is malformed`);
    listed.set(m![2], m![1]);
  }
  const others = files.map((f) => f.path).filter((p) => p !== 'SHA256SUMS').sort(compareStrings);
  if (others.join('\n') !== [...listed.keys()].sort(compareStrings).join('\n')) refuse('SHA256SUMS does not list exactly the files of the bundle');
  const bad = others.filter((p) => createHash('sha256').update(byPath.get(p)!.content).digest('hex') !== listed.get(p));
  if (bad.length > 0) refuse(`checksum mismatch: ${bad.join(' ')}`);
  const charts = others.filter((p) => /^chart\/[^/]+\.tgz$/.test(p));
  if (charts.length !== 1) refuse(`expected one packaged chart under chart/, found ${charts.length}`);
  return { folder, files, sums: Buffer.from(sums.content), chart: byPath.get(charts[0])! };
}

export interface SignedBundle {
  /** The bundle archive with SHA256SUMS.asc and the chart's .prov added to its folder. */
  readonly archive: Buffer;
  /** SHA256SUMS.asc: detached signature over SHA256SUMS. */
  readonly signature: string;
  /** chart/<chart>.tgz.prov: Helm's provenance file, clear-signed. */
  readonly provenance: string;
  /** Path of the provenance file in the folder. */
  readonly provenancePath: string;
}

/** Signs SHA256SUMS and writes the chart's Helm provenance file, both with `key`. */
export async function signBundle(bundle: BundleContents, key: SigningKey): Promise<SignedBundle> {
  const signature = await openpgp.sign({
    message: await openpgp.createMessage({ binary: new Uint8Array(bundle.sums) }),
    signingKeys: key.key,
    detached: true,
    format: 'armored',
  });
  const chartFiles = await untarGz(Buffer.from(bundle.chart.content));
  const chartYaml = chartFiles.find((f) => /^[^/]+\/Chart\.yaml$/.test(f.path));
  if (!chartYaml) throw new UserError(`${bundle.chart.path}: the chart has no Chart.yaml`, EXIT.BUNDLE);
  const archiveName = bundle.chart.path.split('/').pop()!;
  const text = provenanceMessage(chartYaml.content.toString(), archiveName, Buffer.from(bundle.chart.content));
  // OpenPGP.js writes the clear text with CRLF line ends; Helm writes LF. Both verify the same
  // (a clear-signed text is hashed with canonical line ends), so the file is written as Helm's.
  const provenance = (await openpgp.sign({ message: await openpgp.createCleartextMessage({ text }), signingKeys: key.key })).replace(/\r\n/g, '\n');
  const provenancePath = `${bundle.chart.path}.prov`;
  const archive = await tarGz([
    ...bundle.files,
    { path: SUMS_SIGNATURE, content: signature },
    { path: provenancePath, content: provenance },
  ].map((f) => ({ ...f, path: `${bundle.folder}/${f.path}` })));
  return { archive, signature, provenance, provenancePath };
}
