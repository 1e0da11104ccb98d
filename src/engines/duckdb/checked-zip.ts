import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/**
 * A zip archive whose entries have been inflated and counted before anything else reads
 * them. A zip's sizes are claims: the central directory declares one size, each local
 * header another, and a deflate stream unpacks to whatever it unpacks to. exceljs (through
 * unzipper) walks the local headers and inflates each entry to its end, so a bound on the
 * declared sizes alone lets a 300 KB file unpack to gigabytes. Here every entry is inflated
 * once with a counter that stops at the size the directory declares, the local header must
 * agree with the directory, and the reader is then handed a stream rebuilt from exactly the
 * checked bytes: the entries the directory lists, nothing between or after them.
 */
export interface CheckedZip {
  /** What the entries unpack to, as the directory declares it and as counted (equal). */
  readonly unpackedBytes: number;
  /**
   * The archive as a zip stream of the checked entries only, for a streaming reader: in the
   * archive's order, or by `rank` first (lower first; equal ranks keep the archive's order)
   * for a reader that needs some parts before others.
   */
  stream(rank?: (name: string) => number): Readable;
}

/**
 * The archive is not one this reader accepts: no zip at all, declaring more than the
 * bound (`declaredBytes`), or damaged or lying (the message, one line, says how).
 */
export class ZipRefusal extends Error {
  override readonly name = 'ZipRefusal';
  constructor(
    message: string,
    readonly kind: 'not-zip' | 'too-large' | 'invalid' = 'invalid',
    readonly declaredBytes = 0,
  ) {
    super(message);
  }
}

interface Entry {
  readonly name: Buffer;
  readonly method: 0 | 8;
  readonly utf8: boolean;
  readonly crc: number;
  readonly packedBytes: number;
  readonly unpackedBytes: number;
  readonly localOffset: number;
  readonly dataOffset: number;
}

/**
 * Checks a zip archive held in memory (the caller bounds its size). `maxUnpacked` is
 * checked on the declared sizes first, so a plainly oversized archive is refused before
 * anything is inflated; each entry is then held to its declared size while inflating.
 */
export async function checkZip(zip: Buffer, maxUnpacked: number): Promise<CheckedZip> {
  const { records, directoryOffset } = directory(zip);
  const declared = records.reduce((sum, record) => sum + record.central.unpacked, 0);
  if (declared > maxUnpacked)
    throw new ZipRefusal(`it unpacks to ${declared} bytes`, 'too-large', declared);
  const entries = records.map((record) => entry(zip, record.name, record.central, directoryOffset));
  for (const entry of entries) await checkInflated(zip, entry);
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  return {
    unpackedBytes: declared,
    stream: (rank) =>
      Readable.from(
        rebuilt(
          zip,
          rank === undefined
            ? ordered
            : ordered
                .map((entry, i) => ({ entry, i, rank: rank(entry.name.toString('latin1')) }))
                .sort((a, b) => a.rank - b.rank || a.i - b.i)
                .map((e) => e.entry),
        ),
        { objectMode: false },
      ),
  };
}

interface CentralRecord {
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly packed: number;
  readonly unpacked: number;
  readonly offset: number;
}

function directory(zip: Buffer): {
  records: { name: Buffer; central: CentralRecord }[];
  directoryOffset: number;
} {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw new ZipRefusal('it is not a zip archive', 'not-zip');
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  // ZIP64 (the markers below) is refused: no workbook within Meshwork's bounds needs it.
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff)
    throw new ZipRefusal('it is a ZIP64 archive, which Meshwork does not read');
  if (directoryOffset + directorySize > end) throw new ZipRefusal('its zip directory is damaged');
  const records: { name: Buffer; central: CentralRecord }[] = [];
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directoryOffset + directorySize || zip.readUInt32LE(at) !== 0x02014b50)
      throw new ZipRefusal('its zip directory is damaged');
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength);
    const central = {
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      packed: zip.readUInt32LE(at + 20),
      unpacked: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    };
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    records.push({ name, central });
  }
  return { records, directoryOffset };
}

/** The entry the directory describes, refused unless its local header says the same. */
function entry(zip: Buffer, name: Buffer, central: CentralRecord, directoryOffset: number): Entry {
  const label = JSON.stringify(name.toString('utf8'));
  const disagree = (what: string): ZipRefusal => new ZipRefusal(`the zip entry ${label}: ${what}`);
  if (central.flags & 0x01) throw disagree('it is encrypted');
  if (central.method !== 0 && central.method !== 8)
    throw disagree(`its compression method ${central.method} is not deflate`);
  const at = central.offset;
  if (at + 30 > directoryOffset || zip.readUInt32LE(at) !== 0x04034b50)
    throw disagree('no local header where the zip directory points');
  const flags = zip.readUInt16LE(at + 6);
  const method = zip.readUInt16LE(at + 8);
  const nameLength = zip.readUInt16LE(at + 26);
  const dataOffset = at + 30 + nameLength + zip.readUInt16LE(at + 28);
  if (!zip.subarray(at + 30, at + 30 + nameLength).equals(name))
    throw disagree('its local header names another entry than the zip directory');
  if (method !== central.method)
    throw disagree('its local header and the zip directory disagree on the compression');
  // With a data descriptor (flag 3) the local header may leave the sizes zero; any size it
  // does give must be the directory's, since a streaming reader believes the local header.
  const sizes = [zip.readUInt32LE(at + 14), zip.readUInt32LE(at + 18), zip.readUInt32LE(at + 22)];
  const expected = [central.crc, central.packed, central.unpacked];
  const descriptor = (flags & 0x08) !== 0 && sizes.every((size) => size === 0);
  if (!descriptor && sizes.some((size, i) => size !== expected[i]))
    throw disagree('its local header and the zip directory declare different sizes');
  if (dataOffset + central.packed > directoryOffset)
    throw disagree('its data runs past the start of the zip directory');
  if (central.method === 0 && central.packed !== central.unpacked)
    throw disagree('it is stored uncompressed but declares two sizes');
  return {
    name,
    method: central.method,
    utf8: (central.flags & 0x800) !== 0,
    crc: central.crc,
    packedBytes: central.packed,
    unpackedBytes: central.unpacked,
    localOffset: at,
    dataOffset,
  };
}

/** Inflates the entry, counting, and stops at the first byte beyond its declared size. */
async function checkInflated(zip: Buffer, entry: Entry): Promise<void> {
  const label = JSON.stringify(entry.name.toString('utf8'));
  const packed = zip.subarray(entry.dataOffset, entry.dataOffset + entry.packedBytes);
  if (entry.method === 0) return;
  const inflated = await new Promise<number>((resolve, reject) => {
    const inflate = createInflateRaw();
    let count = 0;
    inflate.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count > entry.unpackedBytes) {
        inflate.destroy();
        resolve(count);
      }
    });
    inflate.on('end', () => resolve(count));
    inflate.on('error', (error) =>
      reject(new ZipRefusal(`the zip entry ${label} does not inflate: ${error.message}`)),
    );
    inflate.end(packed);
  });
  if (inflated > entry.unpackedBytes)
    throw new ZipRefusal(
      `the zip entry ${label} unpacks to more than the ${entry.unpackedBytes.toLocaleString('en')} bytes the zip directory declares`,
    );
  if (inflated < entry.unpackedBytes)
    throw new ZipRefusal(
      `the zip entry ${label} unpacks to ${inflated.toLocaleString('en')} bytes, not the ${entry.unpackedBytes.toLocaleString('en')} the zip directory declares`,
    );
}

/**
 * The checked entries as a zip stream with plain local headers (sizes given, no data
 * descriptors, no extra fields): the streaming reader inflates exactly the bytes counted.
 */
function* rebuilt(zip: Buffer, entries: readonly Entry[]): Generator<Buffer> {
  for (const entry of entries) {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(entry.utf8 ? 0x800 : 0, 6);
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.packedBytes, 18);
    header.writeUInt32LE(entry.unpackedBytes, 22);
    header.writeUInt16LE(entry.name.length, 26);
    yield header;
    yield entry.name;
    yield zip.subarray(entry.dataOffset, entry.dataOffset + entry.packedBytes);
  }
}
