// cert-worker.js: the options page's certificate reader, started for a file or for the stored PEMs
// and ended by the page (after the answer, or at its deadline). The only bundle with the parser.
import { answerReaderRequest } from '../shared/cert/reader-api.ts';
import { runTask } from '../shared/run-task.ts';

const scope = globalThis as unknown as {
  addEventListener(type: 'message', fn: (e: MessageEvent<unknown>) => void): void;
  postMessage(message: unknown): void;
};

scope.addEventListener('message', (e) => {
  runTask('certificate reader', answerReaderRequest(e.data).then((reply) => scope.postMessage(reply)));
});
