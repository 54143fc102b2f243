// The PaddleOCR child (paddle.ts `paddleRead`): crops on stdin, one JSON reading a line on stdout,
// as each is read. A process of its own so that ONNX Runtime's memory is under the OCR memory cap
// and its deadline, and leaves the worker with the batch. Plain JS so that it starts the same under
// the CLI, the pipeline and vitest: it registers tsx itself before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
const { CHILD_SAYS, serveCrops } = await import('./paddle.ts');
try {
  await serveCrops(process.stdin, process.stdout);
} catch (err) {
  // One line the parent puts in the findings (the stack would say less).
  process.stderr.write(`${CHILD_SAYS}${String(err?.message ?? err).replace(/\s+/g, ' ')}\n`);
  process.exitCode = 1;
}
