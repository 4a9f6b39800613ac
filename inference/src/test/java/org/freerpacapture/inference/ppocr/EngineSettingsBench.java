package org.freerpacapture.inference.ppocr;

import org.freerpacapture.inference.ppocr.runtime.GraphSimplifier;
import org.freerpacapture.inference.ppocr.runtime.IdleThreads;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.inference.ppocr.runtime.OnnxModel;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.models.ModelManifest;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measures ONNX Runtime session settings against each other on SROIE receipts, interleaved in one process so
 * the machine's load weighs on every configuration alike. Not a test; run it with a main:
 *
 * <pre>
 * java -cp inference/target/test-classes:inference/target/classes:$(cat cp.txt) \
 *   org.freerpacapture.inference.ppocr.EngineSettingsBench --images 10 --rounds 2 --concurrency 1,4 \
 *   --config "per-session:intra=2,pool=2" --config "single:intra=1,pool=2" --config "global:global=1,pool=2"
 * </pre>
 *
 * A configuration is {@code name:key=value,...} with keys {@code intra} (intra-op threads per session),
 * {@code recintra} (the same for the recognizer, default {@code intra}), {@code fanout} (0/1: a page's
 * recognition batches also run on idle pool threads), {@code pool} (inference pool threads), {@code spin},
 * {@code arena}, {@code global} (0/1: the environment's shared thread pool, {@code --global-threads N},
 * {@code --global-spin 0/1}), {@code opt} (NO_OPT, BASIC_OPT, EXTENDED_OPT, ALL_OPT), {@code recopt} (the same
 * for the recognizer, default {@code opt}), {@code mempattern} (0/1, ONNX Runtime's memory pattern planning) and
 * {@code simplify} (0/1, {@link GraphSimplifier}). Each round runs every configuration, in a shuffled order, at each
 * concurrency level (that many clients, each waiting for its page before sending the next). Printed: p50, p95,
 * mean latency (queue wait included), pages/s, the process's CPU time per page and the cores it kept busy (CPU time
 * over wall time: one configuration runs at a time, so the process's time is that configuration's), pages whose text
 * differs from the first configuration, the load average and the process's peak RSS (VmHWM).
 */
final class EngineSettingsBench {

    record Config(String name, OnnxModel.SessionSettings session, OnnxModel.SessionSettings recSession,
                  int poolThreads, boolean fanOut) {
        static Config parse(String spec) {
            String name = spec.substring(0, spec.indexOf(':'));
            Map<String, String> kv = new LinkedHashMap<>();
            for (String part : spec.substring(spec.indexOf(':') + 1).split(",")) {
                String[] p = part.split("=");
                kv.put(p[0].trim(), p[1].trim());
            }
            int cores = Runtime.getRuntime().availableProcessors();
            String intra = kv.getOrDefault("intra", String.valueOf(cores));
            return new Config(name, session(kv, intra, kv.getOrDefault("opt", "ALL_OPT")),
                    session(kv, kv.getOrDefault("recintra", intra),
                            kv.getOrDefault("recopt", kv.getOrDefault("opt", "ALL_OPT"))),
                    Integer.parseInt(kv.getOrDefault("pool", String.valueOf(cores))),
                    "1".equals(kv.getOrDefault("fanout", "0")));
        }

        private static OnnxModel.SessionSettings session(Map<String, String> kv, String intra, String opt) {
            return new OnnxModel.SessionSettings(Integer.parseInt(intra),
                    "1".equals(kv.getOrDefault("arena", "0")),
                    "1".equals(kv.getOrDefault("spin", "0")),
                    "1".equals(kv.getOrDefault("global", "0")),
                    OptLevel.valueOf(opt),
                    "1".equals(kv.getOrDefault("mempattern", "1")),
                    "1".equals(kv.getOrDefault("simplify", "0")));
        }
    }

    private EngineSettingsBench() {
    }

    public static void main(String[] args) throws Exception {
        int images = 10;
        int rounds = 2;
        int[] levels = {1, 4};
        int globalThreads = Runtime.getRuntime().availableProcessors();
        boolean globalSpin = false;
        Path dir = Path.of("/work/shared/data/sroie-dev/img");
        List<Config> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--concurrency" -> levels = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--config" -> configs.add(Config.parse(args[++i]));
                case "--global-threads" -> globalThreads = Integer.parseInt(args[++i]);
                case "--global-spin" -> globalSpin = "1".equals(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (configs.stream().anyMatch(c -> c.session().globalThreads())) {
            // The environment is a process-wide singleton: its shared pool must exist before any session.
            createGlobalEnvironment(globalThreads, globalSpin);
        }
        List<PageImage> pages = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(images).toList()) {
                pages.add(new PageImage(1, SroieEval.toBgr(ImageIO.read(p.toFile()))));
            }
        }
        System.out.printf("load average at start: %s%n", loadAverage());
        Map<Config, PpOcrPipeline> pipelines = new LinkedHashMap<>();
        Map<Config, InferencePool> pools = new LinkedHashMap<>();
        ModelManifest manifest = ModelManifest.load();
        for (Config c : configs) {
            pipelines.put(c, new PpOcrPipeline(PpOcrModel.V4, PpOcrOptions.defaults(), manifest, c.session(),
                    c.recSession()));
            pools.put(c, new InferencePool("bench-" + c.name(), c.poolThreads(), 64));
            // Warm-up: the first page once per pool thread, so every thread's buffers and ORT's lazy setup exist.
            runLevel(pipelines.get(c), pools.get(c), Collections.nCopies(c.poolThreads(), pages.get(0)), c.poolThreads(),
                    c.fanOut());
        }
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        Map<String, Double> wall = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Integer> differing = new LinkedHashMap<>();
        List<String> reference = null;
        Random shuffle = new Random(42);
        for (int r = 0; r < rounds; r++) {
            for (int level : levels) {
                // Small chunks of pages, every configuration in turn (shuffled), so load drift hits all alike.
                int chunk = Math.max(2, 2 * level);
                for (int from = 0; from < pages.size(); from += chunk) {
                    List<PageImage> part = pages.subList(from, Math.min(pages.size(), from + chunk));
                    List<Config> order = new ArrayList<>(configs);
                    Collections.shuffle(order, shuffle);
                    for (Config c : order) {
                        String key = c.name() + " c=" + level;
                        long cpu0 = os.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        Result res = runLevel(pipelines.get(c), pools.get(c), part, level, c.fanOut());
                        wall.merge(key, (System.nanoTime() - t0) / 1e9, Double::sum);
                        cpu.merge(key, (os.getProcessCpuTime() - cpu0) / 1e9, Double::sum);
                        latencies.computeIfAbsent(key, k -> new ArrayList<>()).addAll(res.latenciesMs());
                        if (reference == null) {
                            reference = new ArrayList<>(Collections.nCopies(pages.size(), (String) null));
                        }
                        int diff = 0;
                        for (int i = 0; i < part.size(); i++) {
                            if (reference.get(from + i) == null) {
                                reference.set(from + i, res.texts().get(i));
                            }
                            diff += reference.get(from + i).equals(res.texts().get(i)) ? 0 : 1;
                        }
                        differing.merge(key, diff, Integer::sum);
                    }
                }
                System.out.printf("round %d c=%d done, load %s%n", r + 1, level, loadAverage());
            }
        }
        System.out.printf("%n| config | session | pool | c | p50 ms | p95 ms | mean ms | pages/s | CPU ms/page | cores busy | pages differing |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Config c : configs) {
            for (int level : levels) {
                String key = c.name() + " c=" + level;
                List<Double> l = latencies.get(key);
                Collections.sort(l);
                System.out.printf("| %s | %s | %d | %d | %.0f | %.0f | %.0f | %.2f | %.0f | %.2f | %d |%n", c.name(),
                        describe(c.session()) + (c.fanOut() ? " fan-out" : "") + ", rec " + describe(c.recSession()),
                        c.poolThreads(), level, pct(l, 0.50), pct(l, 0.95),
                        l.stream().mapToDouble(Double::doubleValue).average().orElse(0), l.size() / wall.get(key),
                        cpu.get(key) * 1000 / l.size(), cpu.get(key) / wall.get(key), differing.get(key));
            }
        }
        System.out.printf("%nload average at end: %s; peak RSS (VmHWM) %s; RSS now %s%n", loadAverage(),
                status("VmHWM"), status("VmRSS"));
        pools.values().forEach(InferencePool::close);
        pipelines.values().forEach(PpOcrPipeline::close);
    }

    record Result(List<Double> latenciesMs, List<String> texts) {
    }

    /** {@code level} clients read {@code pages} through the pool, each sending its next page when one returns. */
    private static Result runLevel(PpOcrPipeline pipeline, InferencePool pool, List<PageImage> pages, int level,
                                   boolean fanOut)
            throws InterruptedException {
        Double[] lat = new Double[pages.size()];
        String[] texts = new String[pages.size()];
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < level; t++) {
            Thread client = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < pages.size(); i = next.getAndIncrement()) {
                    PageImage page = pages.get(i);
                    long t0 = System.nanoTime();
                    Page read = pool.submit("bench", () -> pipeline.read(page, Task.DOCUMENT, PpOcrOptions.defaults().textRepair(), StageClock.unheard(),
                            fanOut ? pool::lend : IdleThreads.NONE))
                            .toCompletableFuture().join();
                    lat[i] = (System.nanoTime() - t0) / 1e6;
                    texts[i] = read.lines().stream().map(Line::text).collect(Collectors.joining("\n"));
                }
            });
            client.start();
            clients.add(client);
        }
        for (Thread t : clients) {
            t.join();
        }
        return new Result(Arrays.asList(lat), Arrays.asList(texts));
    }

    private static void createGlobalEnvironment(int threads, boolean spin) throws OrtException {
        try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
            threading.setGlobalIntraOpNumThreads(threads);
            threading.setGlobalInterOpNumThreads(1);
            threading.setGlobalSpinControl(spin);
            OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "bench", threading);
        }
    }

    private static String describe(OnnxModel.SessionSettings s) {
        return (s.globalThreads() ? "global" : "intra " + s.intraOpThreads()) + (s.spinning() ? " spin" : "")
                + (s.cpuArena() ? " arena" : "") + (s.memoryPattern() ? "" : " no-mempattern")
                + (s.simplifyGraph() ? " simplified" : "") + " " + s.optLevel();
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int idx = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static String status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
                    .map(l -> l.substring(field.length() + 1).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
