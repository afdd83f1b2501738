/** A minimal ISO-BMFF reader for tests: top-level boxes, the movie duration, and the video track's codec and size. */
export interface Box {
  type: string;
  start: number;
  size: number;
  body: Buffer;
}

export function boxes(data: Buffer, from = 0, to = data.length): Box[] {
  const found: Box[] = [];
  let offset = from;
  while (offset + 8 <= to) {
    let size = data.readUInt32BE(offset);
    let header = 8;
    if (size === 1) {
      size = Number(data.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) size = to - offset;
    if (size < header || offset + size > to) throw new Error(`box at ${offset} overruns its parent`);
    const type = data.toString('latin1', offset + 4, offset + 8);
    found.push({ type, start: offset, size, body: data.subarray(offset + header, offset + size) });
    offset += size;
  }
  if (offset !== to) throw new Error(`${to - offset} stray bytes at ${offset}`);
  return found;
}

const child = (parent: Buffer, type: string) => boxes(parent).find((b) => b.type === type)?.body;

export interface Mp4Info {
  topLevel: string[];
  brand: string;
  durationSeconds: number;
  codec: string;
  width: number;
  height: number;
}

export function readMp4(data: Buffer): Mp4Info {
  const top = boxes(data);
  const ftyp = top.find((b) => b.type === 'ftyp')?.body;
  const moov = top.find((b) => b.type === 'moov')?.body;
  if (!ftyp || !moov) throw new Error('no ftyp or moov');
  const mvhd = child(moov, 'mvhd')!;
  const v1 = mvhd[0] === 1;
  const timescale = mvhd.readUInt32BE(v1 ? 20 : 12);
  const duration = v1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16);
  for (const trak of boxes(moov).filter((b) => b.type === 'trak')) {
    const mdia = child(trak.body, 'mdia')!;
    if (child(mdia, 'hdlr')!.toString('latin1', 8, 12) !== 'vide') continue;
    const tkhd = child(trak.body, 'tkhd')!;
    const dims = tkhd[0] === 1 ? 88 : 76;
    const stsd = child(child(child(mdia, 'minf')!, 'stbl')!, 'stsd')!;
    return {
      topLevel: top.map((b) => b.type),
      brand: ftyp.toString('latin1', 0, 4),
      durationSeconds: duration / timescale,
      codec: stsd.toString('latin1', 12, 16),
      width: tkhd.readUInt32BE(dims) / 65536,
      height: tkhd.readUInt32BE(dims + 4) / 65536,
    };
  }
  throw new Error('no video track');
}
