// Saves text as a file through a Blob URL and <a download> (no permission needed).
export function downloadText(text: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in Firefox.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
