import { open } from 'node:fs/promises';

/**
 * The bytes a zip archive unpacks to, as its central directory declares them; undefined
 * when the file is not a zip archive this reader understands (no end record, or ZIP64,
 * which no workbook within Meshwork's bounds needs). Read before an `.xlsx` is opened: a
 * few megabytes of zip can unpack to gigabytes, and exceljs unpacks sheets to temporary
 * files before it reads them.
 */
export async function unpackedBytes(path: string): Promise<number | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    if (end < 0) return undefined;
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (entries === 0xffff || directoryOffset === 0xffffffff) return undefined;
    if (directoryOffset + directorySize > size) return undefined;
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    let total = 0;
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > directorySize || directory.readUInt32LE(at) !== 0x02014b50) return undefined;
      const unpacked = directory.readUInt32LE(at + 24);
      if (unpacked === 0xffffffff) return undefined;
      total += unpacked;
      at +=
        46 +
        directory.readUInt16LE(at + 28) +
        directory.readUInt16LE(at + 30) +
        directory.readUInt16LE(at + 32);
    }
    return total;
  } finally {
    await file.close();
  }
}
