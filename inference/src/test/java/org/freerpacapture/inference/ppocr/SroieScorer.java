package org.freerpacapture.inference.ppocr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line-for-line port of {@code shared/tools/score_sroie.py}: word F1 over the multiset of alphanumeric words,
 * line CER over ground-truth lines matched to predictions by box IoU ≥ 0.3, unmatched predictions as insertions.
 */
final class SroieScorer {
    // Python's [^\W_]+ with re.UNICODE: letters and digits of any script.
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+", Pattern.UNICODE_CHARACTER_CLASS);

    record Box(double x0, double y0, double x1, double y1) {
        static Box of(double[] polygon) {
            double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (int i = 0; i < polygon.length; i += 2) {
                minX = Math.min(minX, polygon[i]);
                maxX = Math.max(maxX, polygon[i]);
                minY = Math.min(minY, polygon[i + 1]);
                maxY = Math.max(maxY, polygon[i + 1]);
            }
            return new Box(minX, minY, maxX, maxY);
        }
    }

    record TextLine(String text, Box box) {
    }

    record Score(int images, double wordF1, double wordP, double wordR, double lineCer, double cerNoSpace) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "images=%d word_f1=%.4f word_p=%.4f word_r=%.4f line_cer=%.4f cer_nospace=%.4f",
                    images, wordF1, wordP, wordR, lineCer, cerNoSpace);
        }
    }

    private long tp, fp, fn, errs, ref, errsNs, refNs;
    private int images;

    static List<TextLine> loadGroundTruth(Path csv) throws IOException {
        List<TextLine> lines = new ArrayList<>();
        for (String row : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            List<String> cells = parseCsvRow(row);
            if (cells.size() < 9) continue;
            double[] pts = new double[8];
            try {
                for (int i = 0; i < 8; i++) pts[i] = Double.parseDouble(cells.get(i).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            String text = String.join(",", cells.subList(8, cells.size())).strip();
            lines.add(new TextLine(text.toUpperCase(Locale.ROOT), Box.of(pts)));
        }
        return lines;
    }

    /** Python's csv.reader with the default dialect, enough for these files. */
    static List<String> parseCsvRow(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < row.length() && row.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    void add(List<TextLine> gt, List<TextLine> predicted) {
        images++;
        List<TextLine> pl = predicted.stream().map(p -> new TextLine(p.text().toUpperCase(Locale.ROOT), p.box())).toList();
        Map<String, Integer> g = words(gt);
        Map<String, Integer> p = words(pl);
        int common = 0;
        for (var e : g.entrySet()) common += Math.min(e.getValue(), p.getOrDefault(e.getKey(), 0));
        tp += common;
        fp += p.values().stream().mapToInt(Integer::intValue).sum() - common;
        fn += g.values().stream().mapToInt(Integer::intValue).sum() - common;
        Set<Integer> used = new HashSet<>();
        for (TextLine gl : gt) {
            double best = 0;
            int bi = -1;
            for (int i = 0; i < pl.size(); i++) {
                if (used.contains(i)) continue;
                double v = iou(gl.box(), pl.get(i).box());
                if (v > best) {
                    best = v;
                    bi = i;
                }
            }
            String pt = "";
            if (bi >= 0 && best >= 0.3) {
                used.add(bi);
                pt = pl.get(bi).text();
            }
            errs += lev(gl.text(), pt);
            ref += gl.text().length();
            errsNs += lev(gl.text().replace(" ", ""), pt.replace(" ", ""));
            refNs += gl.text().replace(" ", "").length();
        }
        for (int i = 0; i < pl.size(); i++) {
            if (!used.contains(i)) {
                errs += pl.get(i).text().length();
                errsNs += pl.get(i).text().replace(" ", "").length();
            }
        }
    }

    Score score() {
        double prec = tp + fp > 0 ? (double) tp / (tp + fp) : 0;
        double rec = tp + fn > 0 ? (double) tp / (tp + fn) : 0;
        double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
        return new Score(images, f1, prec, rec, (double) errs / ref, (double) errsNs / refNs);
    }

    private static Map<String, Integer> words(List<TextLine> lines) {
        Map<String, Integer> m = new HashMap<>();
        for (TextLine l : lines) {
            Matcher matcher = WORD.matcher(l.text().toUpperCase(Locale.ROOT));
            while (matcher.find()) m.merge(matcher.group(), 1, Integer::sum);
        }
        return m;
    }

    static double iou(Box a, Box b) {
        double ix = Math.max(0, Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0()));
        double iy = Math.max(0, Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0()));
        double inter = ix * iy;
        double u = (a.x1() - a.x0()) * (a.y1() - a.y0()) + (b.x1() - b.x0()) * (b.y1() - b.y0()) - inter;
        return u > 0 ? inter / u : 0.0;
    }

    static int lev(String a, String b) {
        if (a.equals(b)) return 0;
        int[] cps = a.codePoints().toArray();
        int[] cpb = b.codePoints().toArray();
        int[] prev = new int[cpb.length + 1];
        for (int j = 0; j <= cpb.length; j++) prev[j] = j;
        for (int i = 1; i <= cps.length; i++) {
            int[] cur = new int[cpb.length + 1];
            cur[0] = i;
            for (int j = 1; j <= cpb.length; j++) {
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (cps[i - 1] != cpb[j - 1] ? 1 : 0));
            }
            prev = cur;
        }
        return prev[cpb.length];
    }
}
