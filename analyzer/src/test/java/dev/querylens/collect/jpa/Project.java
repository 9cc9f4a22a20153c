package dev.querylens.collect.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.List;

@Entity
@Table(name = "projects")
public class Project {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String name;
    // lazy, the JPA default: touching it in a loop is the N+1 the log must show
    @OneToMany(mappedBy = "project", fetch = FetchType.LAZY)
    List<Task> tasks;

    public Project() {
    }

    public Project(String name) {
        this.name = name;
    }

    public List<Task> tasks() {
        return tasks;
    }
}
