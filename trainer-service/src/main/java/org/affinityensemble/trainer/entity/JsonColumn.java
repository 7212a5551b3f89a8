package org.affinityensemble.trainer.entity;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.AttributeConverter;
import java.io.IOException;
import org.affinityensemble.events.EventCodec;

/** Stores a value as JSON in a text column; subclasses name the type (JPA needs one converter class per type). */
abstract class JsonColumn<T> implements AttributeConverter<T, String> {

    private final TypeReference<T> type;

    JsonColumn(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        try {
            return value == null ? null : EventCodec.mapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public T convertToEntityAttribute(String json) {
        try {
            return json == null ? null : EventCodec.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable JSON column: " + json, e);
        }
    }
}
