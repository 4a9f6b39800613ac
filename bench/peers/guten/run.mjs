// Guten OCR (@gutenye/ocr-node: PP-OCRv4 on onnxruntime-node) driven by the benchmark's line protocol.
//
// Commands on stdin, one per line:
//   warmup <image>               one untimed recognition in every worker (creates the ONNX sessions)
//   run <concurrency> <listfile>  every image path in listfile, pulled from one queue by N worker threads
//   quit
// Answers on stdout are JSON lines: {"event":"page","image":..,"ms":..,"lines":[{"text":..,"box":[[x,y]x4]}]}
// per image and {"event":"done","wall_ms":..} per run.
//
// Concurrency N means N worker_threads in this one process, each with its own Ocr instance (its own ONNX
// sessions): the library's pre- and post-processing is JavaScript, so N promises on one thread would not run
// in parallel. Workers are created on demand and kept for later runs.
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'

const INTRA_OP_ARG = process.argv.indexOf('--intra-threads')
const intraOpNumThreads = INTRA_OP_ARG > 0 ? Number(process.argv[INTRA_OP_ARG + 1]) : 0 // 0: onnxruntime's default

if (isMainThread) {
  await main()
} else {
  await workerMain()
}

async function main() {
  const workers = []
  const emit = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`)

  async function ensureWorkers(n) {
    while (workers.length < n) {
      const worker = new Worker(new URL(import.meta.url), { workerData: { intraOpNumThreads }, argv: process.argv.slice(2) })
      const pending = new Map()
      let seq = 0
      worker.on('message', (msg) => {
        const resolve = pending.get(msg.id)
        pending.delete(msg.id)
        resolve(msg)
      })
      worker.on('error', (err) => {
        emit({ event: 'error', message: String(err?.stack ?? err) })
        process.exit(2)
      })
      const call = (image) =>
        new Promise((resolve) => {
          const id = ++seq
          pending.set(id, resolve)
          worker.postMessage({ id, image })
        })
      workers.push({ worker, call })
    }
  }

  emit({ event: 'started', intra_threads: intraOpNumThreads, node: process.version })
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
  for await (const raw of rl) {
    const [cmd, a, b] = raw.trim().split(' ')
    if (cmd === 'warmup') {
      await ensureWorkers(1)
      const t0 = performance.now()
      await Promise.all(workers.map((w) => w.call(a).then(() => (w.warm = true))))
      emit({ event: 'warm', ms: performance.now() - t0 })
    } else if (cmd === 'run') {
      const concurrency = Number(a)
      const images = readFileSync(b, 'utf8').split('\n').filter(Boolean)
      await ensureWorkers(concurrency)
      // A worker that never saw an image still has to build its sessions: do that outside the timed run.
      await Promise.all(workers.filter((w) => !w.warm).map((w) => w.call(images[0]).then(() => (w.warm = true))))
      let next = 0
      const t0 = performance.now()
      await Promise.all(
        workers.slice(0, concurrency).map(async (w) => {
          for (let i = next++; i < images.length; i = next++) {
            const r = await w.call(images[i])
            if (r.error) emit({ event: 'error', image: images[i], message: r.error })
            else emit({ event: 'page', image: images[i], ms: r.ms, lines: r.lines })
          }
        }),
      )
      emit({ event: 'done', concurrency, images: images.length, wall_ms: performance.now() - t0 })
    } else if (cmd === 'quit') {
      break
    } else if (cmd) {
      emit({ event: 'error', message: `unknown command ${cmd}` })
    }
  }
  await Promise.all(workers.map((w) => w.worker.terminate()))
}

async function workerMain() {
  const { default: Ocr } = await import('@gutenye/ocr-node')
  const onnxOptions = workerData.intraOpNumThreads > 0 ? { intraOpNumThreads: workerData.intraOpNumThreads } : undefined
  const ocr = await Ocr.create(onnxOptions ? { onnxOptions } : {})
  parentPort.on('message', async ({ id, image }) => {
    const t0 = performance.now()
    try {
      const lines = await ocr.detect(image)
      const ms = performance.now() - t0
      parentPort.postMessage({ id, ms, lines: lines.map((l) => ({ text: l.text, box: l.box })) })
    } catch (err) {
      parentPort.postMessage({ id, error: String(err?.stack ?? err) })
    }
  })
}
