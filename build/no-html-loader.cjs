// Build-time patch of preact's diff: JOC Guard never uses
// dangerouslySetInnerHTML, so the one place that assigns page-controlled
// markup to innerHTML is replaced by an error. Keeps `web-ext lint` clean and
// makes the absence of HTML injection a property of the bundle.
module.exports = function noHtmlLoader(source) {
  const target = 'dom.innerHTML = newHtml.__html;';
  if (!source.includes(target)) {
    throw new Error('preact diff changed: update build/no-html-loader.cjs');
  }
  return source.replace(target, "throw new Error('dangerouslySetInnerHTML is disabled in JOC Guard');");
};
