/**
 * Face detection and landmarks, ported from face-api.js 1.7.15 to DL4J (no JS at run time).
 *
 * <p>Wiring for the embed job (each object used by one thread at a time):
 * <pre>{@code
 * Path models = ModelCache.locate().requireVerifiedModelDir();
 * FaceLocator locator = new LandmarkedFaceLocator(SsdFaceDetector.load(models), FaceLandmarks68.load(models));
 * ChipExtractor chips = Aligner.dlib();          // io.facespark.core.align
 * for (FaceLocation face : locator.locate(bgr)) { // largest face first
 *   INDArray chip = chips.extract(bgr, face, embedder.inputSpec());
 * }
 * }</pre>
 * On executors, build the nets from broadcast bytes with
 * {@code TfjsWeightsReader.read(name, manifestBytes, shards)} and {@code SsdMobileNetV1.fromWeights} /
 * {@code FaceLandmarks68.fromWeights} ({@link io.facespark.core.detect.DetectorSource} does this).
 * For pre-cropped images, {@link io.facespark.core.detect.FixedFaceBox} stands in for the detector
 * (landmarks are then found in a fixed box). {@link io.facespark.core.detect.HaarFaceDetector} is an
 * OpenCV baseline (no landmarks). Golden test: {@code DetectGoldenTest}, fixture generator
 * {@code core/src/test/golden/generate-detect.js}.
 */
package io.facespark.core.detect;
