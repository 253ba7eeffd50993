// What the browser itself costs for a document_start content script: nothing
// but a marker the bench checks (so a baseline that was never injected shows).
document.documentElement.setAttribute("data-bench-baseline", "1");
