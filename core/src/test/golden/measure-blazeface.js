// Recall of the BlazeFace-family reference nets (TF.js, wasm backend for speed) on the sets that
// DetectBenchmark exports (bin/bench core DetectBenchmark --export DIR): the same images, the same
// rules for "found", so the candidates can be compared before (and against) their DL4J ports.
// Decoding and weighted NMS are generate-blazeface.js's. Usage:
//   node measure-blazeface.js <human-models package dir> <export dir> [minScore override] [model name]
'use strict';

const fs = require('fs');
const path = require('path');
const jpeg = require('jpeg-js');
const { PNG } = require('pngjs');
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const ref = require('./blazeface-reference.js');

const pkg = path.resolve(process.argv[2]);
const dir = path.resolve(process.argv[3]);
const override = process.argv[4] ? Number(process.argv[4]) : null;
const only = process.argv[5] || null;

function read(file) {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.png')) {
    const png = PNG.sync.read(bytes);
    const data = new Uint8Array(png.width * png.height * 3);
    for (let i = 0; i < png.width * png.height; i++) for (let k = 0; k < 3; k++) data[i * 3 + k] = png.data[i * 4 + k];
    return { width: png.width, height: png.height, data };
  }
  return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
}

function boxes(csv) {
  const byFile = new Map();
  for (const line of fs.readFileSync(path.join(dir, csv), 'utf8').split('\n').filter((l) => l)) {
    const [file, x, y, w, h] = line.split(',');
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push({ x: +x, y: +y, w: +w, h: +h });
  }
  return byFile;
}

const contains = (b, f) => f.cx >= b.x && f.cx <= b.x + b.w && f.cy >= b.y && f.cy <= b.y + b.h;

async function main() {
  await tf.setBackend('wasm');
  await tf.ready();
  const lfw = boxes('lfw.csv');
  const demo = boxes('demo.csv');
  const tight = fs.readdirSync(path.join(dir, 'tight')).map((f) => path.join(dir, 'tight', f));
  const free = fs.readdirSync(path.join(dir, 'free')).map((f) => path.join(dir, 'free', f));
  console.log('model | LFW | tight | demo | demo extra | false/100 free | ms/image');
  for (const spec of ref.MODELS.filter((m) => !only || m.name === only)) {
    const { model } = await ref.loadModel(path.join(pkg, 'models'), spec.name);
    const minScore = override || spec.minScore;
    let ms = 0;
    let runs = 0;
    const detect = (img) => {
      const start = Date.now();
      const faces = ref.detect(model, spec, img, minScore);
      ms += Date.now() - start;
      runs++;
      return faces;
    };
    let lfwFound = 0;
    for (const [file, [box]] of lfw) if (detect(read(file)).some((f) => contains(box, f))) lfwFound++;
    let tightFound = 0;
    for (const file of tight) if (detect(read(file)).length > 0) tightFound++;
    let demoFound = 0;
    let demoFaces = 0;
    let extra = 0;
    for (const [file, truth] of demo) {
      const found = detect(read(file));
      for (const b of truth) {
        demoFaces++;
        const i = found.findIndex((f) => contains(b, f));
        if (i >= 0) { found.splice(i, 1); demoFound++; }
      }
      extra += found.length;
    }
    let falseCount = 0;
    for (const file of free) falseCount += detect(read(file)).length;
    console.log(`${spec.name} @${minScore} | ${lfwFound}/${lfw.size} | ${tightFound}/${tight.length} | ${demoFound}/${demoFaces}`
      + ` | ${extra} | ${(100 * falseCount / free.length).toFixed(1)} (${falseCount} in ${free.length}) | ${(ms / runs).toFixed(1)}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
