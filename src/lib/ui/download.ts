/** Saving a generated file: a temporary <a download> link, clicked and revoked. */

export function downloadBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const link = Object.assign(document.createElement('a'), { href: url, download: filename });
	link.style.display = 'none';
	document.body.append(link);
	link.click();
	link.remove();
	// Revoking at once can cancel the download in some browsers; a moment later is safe.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** e.g. whiteboard-2025-01-31.png */
export const exportFileName = (extension: string, date = new Date()): string =>
	`whiteboard-${date.toISOString().slice(0, 10)}.${extension}`;
