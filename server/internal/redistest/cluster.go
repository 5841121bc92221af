package redistest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// slots is the number of hash slots of a Redis Cluster.
const slots = 16384

// Cluster is a Redis Cluster of masters, each a redis-server on a free
// loopback port in its own directory, and, when started with
// StartReplicatedCluster, one replica per master.
type Cluster struct {
	Nodes    []*Server // the masters as started
	Replicas []*Server // Replicas[i] replicates Nodes[i]; may be nil
}

// Addrs are the nodes' addresses, replicas included, as
// REDIS_CLUSTER_ADDRS lists them.
func (c *Cluster) Addrs() []string {
	var addrs []string
	for _, n := range c.all() {
		addrs = append(addrs, n.Addr)
	}
	return addrs
}

func (c *Cluster) all() []*Server { return append(append([]*Server{}, c.Nodes...), c.Replicas...) }

// StartCluster starts n cluster-enabled redis-servers, splits the slots
// evenly between them, introduces them to each other and returns once
// every node reports cluster_state:ok. It talks to the nodes directly
// (CLUSTER ADDSLOTSRANGE, MEET), so it needs no redis-cli.
func StartCluster(n int) (*Cluster, error) {
	if n < 1 {
		return nil, fmt.Errorf("a cluster needs at least one node, got %d", n)
	}
	return startCluster(n, 0, 2000)
}

// startCluster starts masters, then replicas (at most one per master)
// with the node timeout, all slots on the masters; a replica is left a
// master without slots until StartReplicatedCluster attaches it.
func startCluster(masters, replicas int, nodeTimeoutMS int64) (*Cluster, error) {
	c := &Cluster{}
	for i := range masters + replicas {
		s, err := Start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", strconv.FormatInt(nodeTimeoutMS, 10))
		if err != nil {
			c.Close()
			return nil, err
		}
		if i < masters {
			c.Nodes = append(c.Nodes, s)
		} else {
			c.Replicas = append(c.Replicas, s)
		}
	}
	if err := c.create(); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.waitOK(10 * time.Second); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// ReplicaNodeTimeout is the cluster-node-timeout of a replicated
// cluster: a master that does not answer this long is failed over.
const ReplicaNodeTimeout = 1000 * time.Millisecond

// StartReplicatedCluster starts n masters as StartCluster does and one
// replica for each (CLUSTER REPLICATE), with the node timeout at
// ReplicaNodeTimeout so that a killed master is failed over within a few
// seconds. It returns once every node reports cluster_state:ok and
// every replica's link to its master is up.
func StartReplicatedCluster(n int) (*Cluster, error) {
	if n < 1 {
		return nil, fmt.Errorf("a cluster needs at least one master, got %d", n)
	}
	// A replica may only follow a master it knows of: startCluster
	// waits for every node to know every other.
	c, err := startCluster(n, n, ReplicaNodeTimeout.Milliseconds())
	if err != nil {
		return nil, err
	}
	for i, r := range c.Replicas {
		id, err := c.Nodes[i].Do("CLUSTER", "MYID")
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("node %s: CLUSTER MYID: %w", c.Nodes[i].Addr, err)
		}
		if _, err := r.Do("CLUSTER", "REPLICATE", id); err != nil {
			c.Close()
			return nil, fmt.Errorf("replica %s: CLUSTER REPLICATE %s: %w", r.Addr, id, err)
		}
	}
	if err := c.waitReplicas(10 * time.Second); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// waitReplicas polls every replica until its link to its master is up.
func (c *Cluster) waitReplicas(limit time.Duration) error {
	return poll(limit, func() error {
		for _, r := range c.Replicas {
			info, err := r.Do("INFO", "replication")
			if err != nil {
				return fmt.Errorf("replica %s: INFO replication: %w", r.Addr, err)
			}
			if !containsLine(info, "role:slave") || !containsLine(info, "master_link_status:up") {
				return fmt.Errorf("replica %s is not linked to its master yet", r.Addr)
			}
		}
		return nil
	})
}

// WaitPromoted polls s until it reports itself a master (INFO
// replication role:master), as a replica does once it has taken over from
// a failed master.
func WaitPromoted(s *Server, limit time.Duration) error {
	return poll(limit, func() error {
		info, err := s.Do("INFO", "replication")
		if err != nil {
			return err
		}
		if !containsLine(info, "role:master") {
			return fmt.Errorf("%s is not a master yet", s.Addr)
		}
		return nil
	})
}

// poll runs check every 25 ms until it returns nil or limit has passed.
func poll(limit time.Duration, check func() error) error {
	deadline := time.Now().Add(limit)
	for {
		err := check()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready within %s: %w", limit, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (c *Cluster) create() error {
	for i, s := range c.Nodes {
		first, last := i*slots/len(c.Nodes), (i+1)*slots/len(c.Nodes)-1
		// Distinct epochs settle slot ownership at once instead of
		// through the nodes' epoch-collision dance.
		if _, err := s.Do("CLUSTER", "SET-CONFIG-EPOCH", strconv.Itoa(i+1)); err != nil {
			return fmt.Errorf("node %s: CLUSTER SET-CONFIG-EPOCH: %w", s.Addr, err)
		}
		if _, err := s.Do("CLUSTER", "ADDSLOTSRANGE", strconv.Itoa(first), strconv.Itoa(last)); err != nil {
			return fmt.Errorf("node %s: CLUSTER ADDSLOTSRANGE %d %d: %w", s.Addr, first, last, err)
		}
	}
	for _, s := range c.all()[1:] {
		host, port, _ := strings.Cut(s.Addr, ":")
		if _, err := c.Nodes[0].Do("CLUSTER", "MEET", host, port); err != nil {
			return fmt.Errorf("CLUSTER MEET %s: %w", s.Addr, err)
		}
	}
	return nil
}

// waitOK polls every node until it sees the whole cluster healthy.
func (c *Cluster) waitOK(limit time.Duration) error {
	nodes := c.all()
	want := []string{"cluster_state:ok", "cluster_slots_ok:" + strconv.Itoa(slots), "cluster_known_nodes:" + strconv.Itoa(len(nodes))}
	err := poll(limit, func() error {
		for _, s := range nodes {
			info, err := s.Do("CLUSTER", "INFO")
			if err != nil {
				return fmt.Errorf("node %s: CLUSTER INFO: %w", s.Addr, err)
			}
			for _, w := range want {
				if !containsLine(info, w) {
					return fmt.Errorf("node %s does not report %s yet", s.Addr, w)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	return nil
}

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

// Close stops every node and removes their directories.
func (c *Cluster) Close() {
	for _, s := range c.all() {
		s.Close()
	}
}

// KeySlot asks the cluster which hash slot key maps to.
func (c *Cluster) KeySlot(key string) (int, error) {
	if len(c.Nodes) == 0 {
		return 0, errors.New("empty cluster")
	}
	v, err := c.Nodes[0].Do("CLUSTER", "KEYSLOT", key)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}
