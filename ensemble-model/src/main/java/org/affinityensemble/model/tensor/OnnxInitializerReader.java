package org.affinityensemble.model.tensor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float32 weights (graph initializers) of an ONNX model exported from a PyTorch Hugging Face model,
 * streaming the protobuf with {@link CodedInputStream} (no generated ONNX classes needed). Exporters keep the
 * Hugging Face names of biases and LayerNorm parameters but give Linear weights anonymous names
 * ({@code onnx::MatMul_NNN}, stored as [in, out]); such a weight is renamed after the MatMul node that
 * consumes it ({@code /encoder/layer.0/attention/self/query/MatMul} becomes
 * {@code encoder.layer.0.attention.self.query.weight}) and transposed to the Hugging Face [out, in] layout.
 * Initializers of other element types (such as int64 position ids) are skipped.
 */
public final class OnnxInitializerReader {

    // Field numbers of onnx.proto3 (ModelProto, GraphProto, NodeProto, TensorProto).
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int ONNX_FLOAT = 1;
    private static final String ANONYMOUS_MATMUL_PREFIX = "onnx::MatMul";

    private OnnxInitializerReader() {
    }

    /** The float initializers under Hugging Face names, in file order. */
    public static Map<String, HostTensor> read(InputStream model) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.setSizeLimit(Integer.MAX_VALUE);
        Map<String, HostTensor> initializers = new LinkedHashMap<>();
        Map<String, String> matMulNodeByWeight = new HashMap<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                int limit = in.pushLimit(in.readRawVarint32());
                readGraph(in, initializers, matMulNodeByWeight);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        Map<String, HostTensor> named = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> entry : initializers.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(ANONYMOUS_MATMUL_PREFIX)) {
                String node = matMulNodeByWeight.get(name);
                if (node == null) {
                    throw new IOException("initializer " + name + " feeds no MatMul node");
                }
                named.put(hfWeightName(node), entry.getValue().transposed());
            } else {
                named.put(name, entry.getValue());
            }
        }
        return named;
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} → {@code encoder.layer.0.attention.self.query.weight}. */
    static String hfWeightName(String matMulNode) {
        String path = matMulNode.startsWith("/") ? matMulNode.substring(1) : matMulNode;
        int last = path.lastIndexOf('/');
        if (last < 0) {
            throw new IllegalArgumentException("MatMul node name has no module path: " + matMulNode);
        }
        return path.substring(0, last).replace('/', '.') + ".weight";
    }

    private static void readGraph(CodedInputStream in, Map<String, HostTensor> initializers,
            Map<String, String> matMulNodeByWeight) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == GRAPH_NODE) {
                int limit = in.pushLimit(in.readRawVarint32());
                readNode(in, matMulNodeByWeight);
                in.popLimit(limit);
            } else if (field == GRAPH_INITIALIZER) {
                int limit = in.pushLimit(in.readRawVarint32());
                readTensor(in, initializers);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static void readNode(CodedInputStream in, Map<String, String> matMulNodeByWeight) throws IOException {
        List<String> inputs = new ArrayList<>();
        String name = "";
        String opType = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NODE_INPUT -> inputs.add(in.readStringRequireUtf8());
                case NODE_NAME -> name = in.readStringRequireUtf8();
                case NODE_OP_TYPE -> opType = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        if (opType.equals("MatMul")) {
            for (String input : inputs) {
                if (input.startsWith(ANONYMOUS_MATMUL_PREFIX)) {
                    matMulNodeByWeight.put(input, name);
                }
            }
        }
    }

    private static void readTensor(CodedInputStream in, Map<String, HostTensor> initializers) throws IOException {
        List<Long> dims = new ArrayList<>();
        String name = "";
        int dataType = 0;
        byte[] raw = null;
        List<Float> floats = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TENSOR_DIMS -> readRepeated(in, packed, () -> dims.add(in.readInt64()));
                case TENSOR_DATA_TYPE -> dataType = in.readInt32();
                case TENSOR_FLOAT_DATA -> readRepeated(in, packed, () -> floats.add(in.readFloat()));
                case TENSOR_NAME -> name = in.readStringRequireUtf8();
                case TENSOR_RAW_DATA -> raw = in.readByteArray();
                default -> in.skipField(tag);
            }
        }
        if (dataType != ONNX_FLOAT) {
            return;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] values;
        if (raw != null) {
            values = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            values = new float[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        initializers.put(name, new HostTensor(shape, values));
    }

    private static void readRepeated(CodedInputStream in, boolean packed, FieldReader reader) throws IOException {
        if (!packed) {
            reader.readOne();
            return;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
            reader.readOne();
        }
        in.popLimit(limit);
    }

    @FunctionalInterface
    private interface FieldReader {
        void readOne() throws IOException;
    }
}
