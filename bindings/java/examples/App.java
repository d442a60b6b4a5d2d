import cn.govcred.Govcred;
import cn.govcred.GovcredException;
import java.nio.charset.StandardCharsets;

/**
 * Runs with nothing but the two jars: `java -cp govcred.jar:jna.jar App`. JNA finds
 * libgovcred inside govcred.jar (linux-x86-64/, linux-aarch64/, linux-arm/).
 */
public class App {
  public static void main(String[] args) {
    System.out.println("govcred " + Govcred.version());
    byte[] digest = Govcred.sm3("abc".getBytes(StandardCharsets.US_ASCII));
    StringBuilder hex = new StringBuilder();
    for (byte b : digest) {
      hex.append(String.format("%02x", b));
    }
    System.out.println("SM3(\"abc\") = " + hex);
    try {
      Govcred.checkUscc("91310115591693856B");
      System.out.println("USCC accepted");
    } catch (GovcredException e) {
      System.out.println("USCC refused: " + e.getCode() + " " + e.getMessage());
    }
  }
}
