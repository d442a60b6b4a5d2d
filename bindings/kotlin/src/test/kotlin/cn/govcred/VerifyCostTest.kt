package cn.govcred

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * Prints what one `Verifier.verify` costs from Kotlin (JNA + UniFFI + the verification), and
 * what a call that does almost nothing costs, for comparison with `cargo run --release
 * --example verify_cost`. Informational only: timings are printed, never asserted.
 */
class VerifyCostTest {
    /** Best of five rounds, in µs per call: the machine may be busy with other work. */
    private fun bestOf(n: Int, call: () -> Boolean): Double =
        (1..5).minOf {
            var ok = 0
            val t0 = System.nanoTime()
            repeat(n) { if (call()) ok++ }
            val us = (System.nanoTime() - t0) / 1000.0 / n
            assertEquals(n, ok)
            us
        }

    @Test
    fun printsPerCallCost() {
        val verifier = Fixtures.verifierSetup().getValue("default").getOrThrow()
        val qr = Fixtures.verifierCases().first { it.name == "valid-license" }.qr
        val empty = ByteArray(0)
        bestOf(500) { verifier.verify(qr, Fixtures.NOW).passed }
        val verifyUs = bestOf(1000) { verifier.verify(qr, Fixtures.NOW).passed }
        val sm3Us = bestOf(20_000) { sm3(empty).size == 32 }
        println("kotlin: Verifier.verify(valid-license) %.1f µs/call; sm3(empty) %.2f µs/call".format(verifyUs, sm3Us))
        verifier.close()
    }
}
