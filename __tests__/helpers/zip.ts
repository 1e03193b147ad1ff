import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A zip archive of `files`, deflated, as actions/upload-artifact makes them
 * (local headers, then the central directory, then its end record).
 */
export function zipFiles(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const described = { crc: crc32(data), packed: packed.length, size: data.length, name: nameBytes.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    describeEntry(local, 4, described);
    locals.push(local, nameBytes, packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    describeEntry(entry, 6, described);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The fields the local header and the central directory entry share, in the
 * same order: version needed, flags, method (deflate), time, date, CRC-32,
 * sizes, name length.
 */
function describeEntry(buffer: Buffer, at: number, entry: { crc: number; packed: number; size: number; name: number }) {
  buffer.writeUInt16LE(20, at);
  buffer.writeUInt16LE(8, at + 4);
  buffer.writeUInt32LE(entry.crc, at + 10);
  buffer.writeUInt32LE(entry.packed, at + 14);
  buffer.writeUInt32LE(entry.size, at + 18);
  buffer.writeUInt16LE(entry.name, at + 22);
}
