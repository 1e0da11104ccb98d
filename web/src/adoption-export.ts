import { imagePdf } from './image-pdf.ts';

/**
 * The dashboard as one PNG, or a one-page PDF of it, for the monthly meeting, made in the
 * browser: the page's own chart SVGs (which carry their presentation as attributes) are
 * laid out two per row under a header, drawn as one SVG image onto a canvas and saved.
 * Nothing leaves the browser.
 */

const WIDTH = 1320;
const MARGIN = 40;
const GAP = 40;
const COLUMN = (WIDTH - 2 * MARGIN - GAP) / 2;
const SCALE = 2;

export interface ExportHeader {
  readonly title: string;
  readonly lines: readonly string[];
}

/** The charts under `root` drawn onto one canvas, two per row under the header. */
async function drawCharts(root: ParentNode, header: ExportHeader): Promise<HTMLCanvasElement> {
  const charts = [...root.querySelectorAll<SVGSVGElement>('svg[data-chart-svg]')];
  if (charts.length === 0) throw new Error('no chart to export');
  const serializer = new XMLSerializer();
  const parts: string[] = [];
  let y = MARGIN;
  parts.push(text(MARGIN, y + 22, header.title, 26, 700));
  y += 40;
  for (const line of header.lines) {
    parts.push(text(MARGIN, y + 14, line, 14, 400));
    y += 22;
  }
  y += 16;
  for (let i = 0; i < charts.length; i += 2) {
    let rowHeight = 0;
    for (const [column, chart] of [charts[i], charts[i + 1]].entries()) {
      if (chart === undefined) continue;
      const width = Number(chart.getAttribute('width') ?? 640);
      const height = Number(chart.getAttribute('height') ?? 220);
      const scaled = (height * COLUMN) / width;
      const x = MARGIN + column * (COLUMN + GAP);
      parts.push(text(x, y + 16, chart.dataset.title ?? '', 16, 600));
      const copy = chart.cloneNode(true) as SVGSVGElement;
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y + 26));
      copy.setAttribute('width', String(COLUMN));
      copy.setAttribute('height', String(scaled));
      parts.push(serializer.serializeToString(copy));
      // Where the figure comes from travels with it into the meeting.
      const source = chart.closest('figure')?.querySelector('figcaption')?.textContent ?? '';
      parts.push(text(x, y + 26 + scaled + 18, source, 13, 400, '#5b6675'));
      rowHeight = Math.max(rowHeight, scaled + 26 + 26);
    }
    y += rowHeight + GAP;
  }
  const height = Math.ceil(y + MARGIN - GAP);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">` +
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>${parts.join('')}</svg>`;

  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * SCALE;
  canvas.height = height * SCALE;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('the browser gives no canvas to draw on');
  context.scale(SCALE, SCALE);
  context.drawImage(image, 0, 0, WIDTH, height);
  return canvas;
}

async function encode(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, type, quality));
  if (blob === null) throw new Error(`the browser could not encode ${type}`);
  return blob;
}

export async function exportChartsPng(
  root: ParentNode,
  header: ExportHeader,
  fileName: string,
): Promise<Blob> {
  const blob = await encode(await drawCharts(root, header), 'image/png');
  save(blob, fileName);
  return blob;
}

/** The same picture as a one-page A4 PDF (the image as JPEG in it: a third of the PNG's size). */
export async function exportChartsPdf(
  root: ParentNode,
  header: ExportHeader,
  fileName: string,
  language: string,
): Promise<Blob> {
  const canvas = await drawCharts(root, header);
  const jpeg = new Uint8Array(await (await encode(canvas, 'image/jpeg', 0.92)).arrayBuffer());
  const pdf = imagePdf(
    jpeg,
    { width: canvas.width, height: canvas.height },
    { title: header.title, language },
  );
  const blob = new Blob([pdf], { type: 'application/pdf' });
  save(blob, fileName);
  return blob;
}

function save(blob: Blob, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

function text(
  x: number,
  y: number,
  value: string,
  size: number,
  weight: number,
  fill = '#1b2430',
): string {
  return `<text x="${x}" y="${y}" font-family="system-ui, sans-serif" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(value)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
