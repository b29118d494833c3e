package org.peersupport.shared.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON through jackson-core's streaming API only: bodies are read into plain maps and lists and
 * checked field by field, and responses are written field by field. No reflection, no data
 * binding, so nothing is serialised that was not named, and start-up stays small.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxStringLength(1_000_000)
                    .maxNumberLength(40)
                    .build())
            .build();

    private Json() {
    }

    /** Writes a JSON value with the generator. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** The text that {@code body} writes. */
    public static String write(Body body) {
        SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
        try {
            try (JsonGenerator json = FACTORY.createGenerator(out)) {
                body.write(json);
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A generator over any writer, for output that is streamed rather than built in memory. */
    public static JsonGenerator generator(java.io.Writer out) {
        try {
            return FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses one JSON value: objects become {@code Map<String, Object>} (in order), arrays
     * {@code List<Object>}, numbers {@code Long}, {@code BigInteger} or {@code BigDecimal}.
     *
     * @throws MalformedJsonException for anything that is not exactly one well-formed value
     */
    public static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedJsonException();
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException();
            }
            return value;
        } catch (IOException e) {
            // Jackson's message quotes the input; it is dropped here on purpose.
            throw new MalformedJsonException();
        }
    }

    /** Parses a JSON object, or throws {@link MalformedJsonException} for any other value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new MalformedJsonException();
        }
        return (Map<String, Object>) value;
    }

    /**
     * Reads the value that starts at {@code token} (the parser's current token), as {@link #parse}
     * does, for a caller that walks a larger document with a parser of its own.
     */
    public static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(read(parser, next));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new MalformedJsonException();
        }
    }

    /** Writes a value of the shape {@link #parse} returns: maps, lists, strings, numbers, booleans, null. */
    public static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Number number) {
            json.writeNumber(number.toString());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeString(value.toString());
        }
    }

    /** Writes {@code "name": value} only when the value is not null. */
    public static void field(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /** Writes an array of strings. */
    public static void array(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
