// Writes the golden fixture for the DL4J port of MobileFaceNet (human-models 3.0.4,
// models/mobilefacenet.json): 112x112 RGB input chips (lossless PNG) and the reference graph's
// 192-d outputs on TF.js's pure-JS CPU backend, for the graph as shipped ("literal") and after the
// repair that MobileFaceNetRepair.java documents ("repaired", the same rewrite applied here to the
// JSON and weights in memory). See README.md.
// Usage: node generate-mobilefacenet.js [modelCacheDir] [lfwDir] [outDir]
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { goldenDirs, sha256, decodeJpeg, writePng, loadGraph, resizedRegion } = require('./graph-golden.js');

const { modelDir, lfwDir, outDir } = goldenDirs('../resources/golden');
const SIZE = 112;
// Deep-funneled 250x250 images, cut at rows 50-183 and columns 58-191 and resized to 112: a crude
// fixed chip, enough to compare two implementations and to show the conversion faults.
const BOX = { x: 58, y: 50, width: 134, height: 134 };
const LFW = ['George_W_Bush/George_W_Bush_0001.jpg', 'George_W_Bush/George_W_Bush_0002.jpg',
  'Colin_Powell/Colin_Powell_0001.jpg', 'Colin_Powell/Colin_Powell_0002.jpg',
  'Serena_Williams/Serena_Williams_0001.jpg', 'Jennifer_Aniston/Jennifer_Aniston_0001.jpg'];

const b64 = (s) => Buffer.from(s).toString('base64');

// The repair of MobileFaceNetRepair.java, on the JSON and the weight bytes.
function repair(model, weightData) {
  const nodes = model.modelTopology.node;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const node = (name) => byName.get(name.replace(/^\^/, '').replace(/:\d+$/, ''));
  const out = [];
  const negate = new Set();
  let depthwise = 0;
  for (const n of nodes) {
    if (n.op === 'FusedDepthwiseConv2dNative') {
      const ops = n.attr.fused_ops.list.s.map((s) => Buffer.from(s, 'base64').toString());
      if (ops.join() === 'BiasAdd,Relu') { n.attr.fused_ops.list.s = [b64('BiasAdd')]; depthwise++; }
    }
    if (n.op === 'Add') {
      for (let m = 0; m < 2; m++) {
        const mul = node(n.input[m]);
        if (mul.op !== 'Mul' || node(mul.input[1]).op !== 'Const') continue;
        const sub = node(mul.input[0]);
        if (sub.op !== 'Sub' || node(sub.input[1]).op !== 'Abs') continue;
        const p = node(sub.input[0]).name;
        negate.add(node(mul.input[1]).name);
        if (node(n.input[1 - m]).name === p) {
          const relu = { name: `${p}/prelu_relu`, op: 'Relu', input: [p], attr: { T: { type: 'DT_FLOAT' } } };
          out.push(relu);
          n.input[1 - m] = relu.name;
        }
        break;
      }
    }
    out.push(n);
  }
  if (depthwise !== 16 || negate.size !== 33) throw new Error(`repair found ${depthwise} depthwise, ${negate.size} slopes`);
  model.modelTopology.node = out;
  const data = new Float32Array(weightData.slice(0));
  let offset = 0;
  for (const w of model.weightsManifest[0].weights) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    if (w.quantization || (w.dtype !== 'float32' && w.dtype !== 'int32')) throw new Error(`unexpected ${w.name}`);
    if (negate.has(w.name)) for (let i = 0; i < count; i++) data[offset + i] = -data[offset + i];
    offset += count;
  }
  return data.buffer;
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  const json = fs.readFileSync(path.join(modelDir, 'mobilefacenet.json'));
  const bin = fs.readFileSync(path.join(modelDir, 'mobilefacenet.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length);
  const literal = await loadGraph(JSON.parse(json), weightData);
  const repairedModel = JSON.parse(json);
  const repaired = await loadGraph(repairedModel, repair(repairedModel, weightData));

  const entries = [];
  for (const rel of LFW) {
    const img = decodeJpeg(path.join(lfwDir, 'lfw-deepfunneled', rel));
    const pixels = await resizedRegion(img, BOX, SIZE);
    const id = `mobilefacenet-${path.basename(rel, '.jpg')}`;
    writePng(path.join(outDir, `${id}.png`), pixels, SIZE);
    const input = tf.tidy(() => tf.tensor4d(pixels, [1, SIZE, SIZE, 3], 'int32').toFloat().sub(127.5).mul(0.0078125));
    const e = {};
    for (const [name, net] of [['literal', literal], ['repaired', repaired]]) {
      const output = net.execute(input, 'embeddings');
      e[name] = Array.from(await output.data());
      output.dispose();
    }
    input.dispose();
    entries.push({ id, png: `${id}.png`, source: `lfw-deepfunneled/${rel}`, box: BOX, literal: e.literal, repaired: e.repaired });
    console.log(id);
  }
  const cos = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
  for (const kind of ['literal', 'repaired']) {
    console.log(kind, entries.map((a) => entries.map((b) => cos(a[kind], b[kind]).toFixed(3)).join(' ')).join('\n'));
  }
  const fixture = {
    about: 'Outputs (L2-normalised inside the graph) of human-models 3.0.4 mobilefacenet.json, as shipped and repaired, for the 112x112 RGB PNGs next to this file. Regenerate: see core/src/test/golden/README.md.',
    generator: 'core/src/test/golden/generate-mobilefacenet.js',
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    modelJsonSha256: sha256(json),
    weightsSha256: sha256(bin),
    inputSize: SIZE,
    channelOrder: 'RGB',
    normalisation: '(x - 127.5) * 0.0078125',
    entries,
  };
  fs.writeFileSync(path.join(outDir, 'mobilefacenet-embeddings.json'), `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`wrote ${entries.length} entries to ${outDir}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
