package cn.govcred

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import cn.govcred.Fixtures.codeOf
import cn.govcred.Fixtures.json

/** The shared verifier vectors, as every door runs them. */
class VerifierVectorsTest {
    @Test
    fun everyCaseGivesItsExpectedCode() {
        val verifiers = Fixtures.verifierSetup()
        val cases = Fixtures.verifierCases()
        for (case in cases) {
            val code = verifiers.getValue(case.bundle).fold(
                onSuccess = { verifier ->
                    val verdict = verifier.verify(case.qr, case.now)
                    assertEquals(verdict.code == ErrorCode.OK, verdict.passed, case.name)
                    assertEquals(case.expected, verdict.code, case.name)
                    verdict.code
                },
                onFailure = { e -> (e as GovcredException.Failed).code },
            )
            assertEquals(case.expected, code, case.name)
            // The enum carries the stable numbers of the one table.
            assertEquals(case.code, code.value, case.name)
        }
        assertTrue(cases.size >= 20, "only ${cases.size} cases")
        verifiers.values.forEach { r -> r.getOrNull()?.close() }
    }

    @Test
    fun bundlesThatFailToLoadThrowWithTheirCode() {
        val failed = Fixtures.verifierSetup().filterValues { it.isFailure }
        assertEquals(setOf("tampered", "unknown-root"), failed.keys)
        failed.values.forEach { r ->
            assertEquals(ErrorCode.BUNDLE_SIGNATURE_INVALID, codeOf { r.getOrThrow() })
        }
    }

    @Test
    fun aVerdictCarriesTheCredentialOnceTheSignatureVerified() {
        val verifier = Fixtures.verifierSetup().getValue("default").getOrThrow()
        val cases = Fixtures.verifierCases().associateBy { it.name }

        val license = verifier.verify(cases.getValue("valid-license").qr, Fixtures.NOW)
        assertTrue(license.passed)
        assertEquals(CredentialKind.LICENSE, license.kind)
        assertNotNull(license.issuer)
        assertEquals("license", json(license.credentialJson!!)["type"].asString)

        val red = verifier.verify(cases.getValue("refused-health-code-red").qr, Fixtures.NOW)
        assertEquals(ErrorCode.COLOR_NOT_ACCEPTED, red.code)
        assertEquals(CredentialKind.HEALTH_CODE, red.kind)
        assertEquals("red", json(red.credentialJson!!)["color"].asString)
        assertTrue(red.display.startsWith("红码"), red.display)

        val garbage = verifier.verify(cases.getValue("truncated-base45").qr, Fixtures.NOW)
        assertEquals(ErrorCode.BAD_BASE45, garbage.code)
        assertNull(garbage.kind)
        assertNull(garbage.credentialJson)
        verifier.close()
    }

    @Test
    fun theVerdictJsonIsTheSharedSchema() {
        val verifier = Fixtures.verifierSetup().getValue("default").getOrThrow()
        for (case in Fixtures.verifierCases().filter { it.bundle == "default" }) {
            val v = verifier.verify(case.qr, case.now)
            val j = json(v.json)
            assertEquals(v.passed, j["passed"].asBoolean, case.name)
            assertEquals(v.code.value, j["code"].asInt, case.name)
            assertEquals(v.code, Fixtures.errorCode(j["code_name"].asString), case.name)
            assertEquals(v.message, j["message"].asString, case.name)
        }
        verifier.close()
    }

    @Test
    fun theSharedColorCodeRequestIssuesItsCase() {
        val issuing = json(java.io.File(Fixtures.vectors, "verifier/setup.json").readText())["issuing"].asJsonObject
        val request = java.io.File(Fixtures.vectors, "verifier/color-code-request.json").readText()
        val key = Sm2KeyPair.fromBytes(Fixtures.hex(issuing["color_code_issuer_key"].asString))
        val issuer = ColorCodeIssuer(key, issuing["color_code_issuer_code"].asString)
        val qr = issuer.issue(request, issuing["color_code_issued_at"].asLong)
        val case = Fixtures.verifierCases().single { it.name == issuing["color_code_case"].asString }
        assertEquals(case.qr, qr)
    }

    @Test
    fun badPolicyValuesAreTheCoresRefusal() {
        val setup = Fixtures.verifierSetup(Policy(clockSkewSecs = -1))
        val e = setup.getValue("default").exceptionOrNull() as GovcredException.Failed
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code)
    }

    @Test
    fun policyChangesTheVerdict() {
        val yellow = Fixtures.verifierCases().first { it.name == "refused-health-code-yellow" }
        val lenient = Policy(acceptedColors = listOf(Color.GREEN, Color.YELLOW))
        Fixtures.verifierSetup(lenient).getValue("default").getOrThrow().use { verifier ->
            assertEquals(ErrorCode.OK, verifier.verify(yellow.qr, yellow.now).code)
        }
        // A bundle grace of zero makes the bundle stale one second after its next update.
        val strict = Policy(bundleGraceSecs = 0)
        Fixtures.verifierSetup(strict).getValue("default").getOrThrow().use { verifier ->
            val valid = Fixtures.verifierCases().first { it.name == "valid-license" }
            assertEquals(ErrorCode.OK, verifier.verify(valid.qr, valid.now).code)
            val stale = Fixtures.verifierCases().first { it.name == "stale-bundle" }
            assertEquals(ErrorCode.BUNDLE_STALE, verifier.verify(valid.qr, stale.now - 3 * 86_400).code)
        }
    }

    @Test
    fun eightThreadsShareOneVerifier() {
        val verifier = Fixtures.verifierSetup().getValue("default").getOrThrow()
        val cases = Fixtures.verifierCases().filter { it.bundle == "default" }
        val pool = Executors.newFixedThreadPool(8)
        try {
            val jobs = (0 until 8).map { t ->
                Callable {
                    var checked = 0
                    repeat(25) { round ->
                        // Each thread walks the cases from its own offset so that different
                        // cases run at the same time.
                        for (i in cases.indices) {
                            val case = cases[(i + t + round) % cases.size]
                            assertEquals(case.expected, verifier.verify(case.qr, case.now).code, case.name)
                            checked++
                        }
                    }
                    checked
                }
            }
            val total = pool.invokeAll(jobs).sumOf { it.get() }
            assertEquals(8 * 25 * cases.size, total)
        } finally {
            pool.shutdown()
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS))
            verifier.close()
        }
    }
}
