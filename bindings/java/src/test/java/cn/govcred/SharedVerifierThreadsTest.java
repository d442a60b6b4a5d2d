package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 8 threads share one Verifier and get exactly the verdicts one thread gets. */
class SharedVerifierThreadsTest {
  static final int THREADS = 8;
  static final int ROUNDS = 5;

  @Test
  void eightThreadsShareOneVerifier() throws Exception {
    String setup = Vectors.setup();
    List<Vectors.Case> cases = new ArrayList<>();
    for (Vectors.Case c : Vectors.cases()) {
      if (c.bundle.equals("default")) {
        cases.add(c);
      }
    }
    List<String> rootHex = Vectors.strings(setup, "roots");
    PublicKey[] roots = new PublicKey[rootHex.size()];
    for (int i = 0; i < roots.length; i++) {
      roots[i] = PublicKey.importKey(Vectors.hex(rootHex.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (TrustBundle bundle = TrustBundle.load(Vectors.hex(Vectors.string(setup, "default")), roots);
        Verifier verifier = new Verifier(bundle)) {
      List<String> reference = new ArrayList<>();
      for (Vectors.Case c : cases) {
        reference.add(verifier.verify(c.qr, c.now).json());
      }
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        final int offset = t;
        Callable<Integer> work =
            () -> {
              int checked = 0;
              for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < cases.size(); i++) {
                  int k = (i + offset + round) % cases.size();
                  Vectors.Case c = cases.get(k);
                  assertEquals(reference.get(k), verifier.verify(c.qr, c.now).json(), c.name);
                  checked++;
                }
              }
              return checked;
            };
        futures.add(pool.submit(work));
      }
      for (Future<Integer> f : futures) {
        assertEquals(ROUNDS * cases.size(), (int) f.get());
      }
    } finally {
      pool.shutdown();
      for (PublicKey r : roots) {
        r.close();
      }
    }
  }
}
