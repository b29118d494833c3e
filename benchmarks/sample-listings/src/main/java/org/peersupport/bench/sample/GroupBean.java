package org.peersupport.bench.sample;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A group item as a mutable bean, as the samples write them; sign-up rules are kept out of the JSON. */
@DynamoDbBean
public class GroupBean {
    private String id;
    private String name;
    private String program;
    private String audience;
    private String description;
    private List<String> languages;
    private String format;
    private String area;
    private List<String> accessibility;
    private String timezone;
    private String rrule;
    private String startDate;
    private String startTime;
    private Integer durationMinutes;
    private List<String> exdates;
    private String status;
    private Boolean archived;
    private Integer capacity;
    private Boolean requiresEmergencyContact;
    private String updatedAt;

    @DynamoDbPartitionKey
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getProgram() { return program; }
    public void setProgram(String program) { this.program = program; }
    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public List<String> getLanguages() { return languages; }
    public void setLanguages(List<String> languages) { this.languages = languages; }
    public String getFormat() { return format; }
    public void setFormat(String format) { this.format = format; }
    public String getArea() { return area; }
    public void setArea(String area) { this.area = area; }
    public List<String> getAccessibility() { return accessibility; }
    public void setAccessibility(List<String> accessibility) { this.accessibility = accessibility; }
    public String getTimezone() { return timezone; }
    public void setTimezone(String timezone) { this.timezone = timezone; }
    public String getRrule() { return rrule; }
    public void setRrule(String rrule) { this.rrule = rrule; }
    public String getStartDate() { return startDate; }
    public void setStartDate(String startDate) { this.startDate = startDate; }
    public String getStartTime() { return startTime; }
    public void setStartTime(String startTime) { this.startTime = startTime; }
    public Integer getDurationMinutes() { return durationMinutes; }
    public void setDurationMinutes(Integer durationMinutes) { this.durationMinutes = durationMinutes; }
    public List<String> getExdates() { return exdates; }
    public void setExdates(List<String> exdates) { this.exdates = exdates; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    @JsonIgnore
    public Boolean getArchived() { return archived; }
    public void setArchived(Boolean archived) { this.archived = archived; }
    @JsonIgnore
    public Integer getCapacity() { return capacity; }
    public void setCapacity(Integer capacity) { this.capacity = capacity; }
    @JsonIgnore
    public Boolean getRequiresEmergencyContact() { return requiresEmergencyContact; }
    public void setRequiresEmergencyContact(Boolean requiresEmergencyContact) { this.requiresEmergencyContact = requiresEmergencyContact; }
    public String getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(String updatedAt) { this.updatedAt = updatedAt; }
}
