package org.trainscope.core.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import org.trainscope.trace.OutputFiles;

/**
 * Writes a painted figure to a file whose extension says the format: {@code .svg} (vector) or
 * {@code .png} (raster, painted headless), through {@link OutputFiles}: a failed export never
 * leaves half a file.
 */
public final class FigureFiles {
    private FigureFiles() {
    }

    /** Whether {@code file}'s extension names a format {@link #write} knows. */
    public static boolean isSupported(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".svg") || name.endsWith(".png");
    }

    public static void write(Path file, int width, int height, Consumer<Painter> paint) throws IOException {
        if (!isSupported(file)) {
            throw new IllegalArgumentException(file + ": give a file ending in .svg or .png");
        }
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        OutputFiles.write(file, partial -> {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
                SvgPainter svg = new SvgPainter(width, height);
                paint.accept(svg);
                Files.writeString(partial, svg.document(), StandardCharsets.UTF_8);
            } else {
                AwtPainter png = new AwtPainter(width, height);
                try {
                    paint.accept(png);
                } finally {
                    png.dispose();
                }
                if (!ImageIO.write(png.image(), "png", partial.toFile())) {
                    throw new IOException(file + ": no PNG writer in this Java runtime");
                }
            }
        });
    }
}
