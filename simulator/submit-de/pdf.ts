// A minimal, valid one-page PDF 1.4 of text lines (Helvetica, WinAnsi), with a correct cross-reference
// table, for the validation preview and the ELSTER receipt. Enough for a viewer and a test's reader;
// no layout beyond one line per entry.

const LINE_HEIGHT = 16;
const TOP = 800;

/** A PDF string literal: backslash and parentheses escaped, characters outside Latin-1 as "?". */
function pdfString(line: string): string {
	const latin1 = Array.from(line, (char) => (char.charCodeAt(0) <= 0xff ? char : '?')).join('');
	return `(${latin1.replace(/[\\()]/g, (char) => `\\${char}`)})`;
}

export function textPdf(title: string, lines: readonly string[]): Buffer {
	const text = [`BT /F1 14 Tf 50 ${TOP} Td ${pdfString(title)} Tj ET`];
	lines.forEach((line, index) => {
		text.push(`BT /F1 10 Tf 50 ${TOP - (index + 2) * LINE_HEIGHT} Td ${pdfString(line)} Tj ET`);
	});
	const content = Buffer.from(text.join('\n'), 'latin1');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		`<< /Length ${content.length} >>\nstream\n${content.toString('latin1')}\nendstream`,
	];
	let pdf = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, index) => {
		offsets.push(Buffer.byteLength(pdf, 'latin1'));
		pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xrefAt = Buffer.byteLength(pdf, 'latin1');
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF`;
	return Buffer.from(pdf, 'latin1');
}
