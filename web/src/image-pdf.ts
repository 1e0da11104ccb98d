/**
 * A one-page PDF holding one JPEG image, written by hand: the dashboard's PDF export needs
 * nothing more, and a PDF library in the portal's bundle (pdfkit wants Node's streams and
 * fonts) would weigh more than the whole portal. The file is PDF 1.4 (ISO 32000-1 §7):
 * catalog, pages, one A4 page whose content stream draws the image XObject (a JPEG is a
 * valid `/DCTDecode` stream as is), an info dictionary, and a cross-reference table with
 * the byte offset of every object.
 */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 28;

export function imagePdf(
  jpeg: Uint8Array,
  size: { readonly width: number; readonly height: number },
  info: { readonly title: string; readonly language: string },
): Uint8Array<ArrayBuffer> {
  const scale = Math.min(
    (A4.width - 2 * MARGIN) / size.width,
    (A4.height - 2 * MARGIN) / size.height,
  );
  const w = size.width * scale;
  const h = size.height * scale;
  const x = (A4.width - w) / 2;
  const y = A4.height - MARGIN - h;
  const content = `q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /Im0 Do Q`;

  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (part: string | Uint8Array): void => {
    const bytes = typeof part === 'string' ? encoder.encode(part) : part;
    chunks.push(bytes);
    length += bytes.length;
  };
  const object = (id: number, body: string, stream?: Uint8Array): void => {
    offsets[id] = length;
    write(`${id} 0 obj\n${body}\n`);
    if (stream !== undefined) {
      write('stream\n');
      write(stream);
      write('\nendstream\n');
    }
    write('endobj\n');
  };

  // The binary comment tells transfer tools the file is binary (ISO 32000-1 §7.5.2).
  write('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R /Lang ' + textString(info.language) + ' >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(
    3,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(A4.width)} ${num(A4.height)}] ` +
      '/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
  );
  object(
    4,
    `<< /Type /XObject /Subtype /Image /Width ${size.width} /Height ${size.height} ` +
      `/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>`,
    jpeg,
  );
  const contentBytes = encoder.encode(content);
  object(5, `<< /Length ${contentBytes.length} >>`, contentBytes);
  object(6, `<< /Title ${textString(info.title)} /Producer (Meshwork) >>`);
  const xref = length;
  write(`xref\n0 7\n0000000000 65535 f \n`);
  for (let id = 1; id <= 6; id++) write(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  write(`trailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A PDF text string in UTF-16BE with its byte order mark, as hex: any character, no escaping. */
function textString(value: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex.toUpperCase()}>`;
}

function num(value: number): string {
  return value.toFixed(2);
}
