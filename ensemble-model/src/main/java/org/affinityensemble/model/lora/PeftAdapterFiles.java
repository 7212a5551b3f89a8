package org.affinityensemble.model.lora;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two files of a PEFT LoRA adapter as bytes: {@code adapter_config.json} and {@code adapter_model.safetensors}
 * (what the storage module puts into S3 under an adapter's prefix).
 */
public record PeftAdapterFiles(byte[] adapterConfig, byte[] adapterModel) {

    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String MODEL_FILE = "adapter_model.safetensors";

    /** Writes both files into a directory (a PEFT {@code save_pretrained} layout). */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(CONFIG_FILE), adapterConfig);
        Files.write(directory.resolve(MODEL_FILE), adapterModel);
    }

    /** Reads both files from a directory. */
    public static PeftAdapterFiles readFrom(Path directory) throws IOException {
        return new PeftAdapterFiles(Files.readAllBytes(directory.resolve(CONFIG_FILE)),
                Files.readAllBytes(directory.resolve(MODEL_FILE)));
    }
}
