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

// Cluster is a Redis Cluster of masters without replicas, each a
// redis-server on a free loopback port in its own directory.
type Cluster struct {
	Nodes []*Server
}

// Addrs are the nodes' addresses, as REDIS_CLUSTER_ADDRS lists them.
func (c *Cluster) Addrs() []string {
	addrs := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		addrs[i] = n.Addr
	}
	return addrs
}

// StartCluster starts n cluster-enabled redis-servers, splits the slots
// evenly between them, introduces them to each other and returns once
// every node reports cluster_state:ok. It talks to the nodes directly
// (CLUSTER ADDSLOTSRANGE, MEET), so it needs no redis-cli.
func StartCluster(n int) (*Cluster, error) {
	if n < 1 {
		return nil, fmt.Errorf("a cluster needs at least one node, got %d", n)
	}
	c := &Cluster{}
	for range n {
		s, err := Start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000")
		if err != nil {
			c.Close()
			return nil, err
		}
		c.Nodes = append(c.Nodes, s)
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
	for _, s := range c.Nodes[1:] {
		host, port, _ := strings.Cut(s.Addr, ":")
		if _, err := c.Nodes[0].Do("CLUSTER", "MEET", host, port); err != nil {
			return fmt.Errorf("CLUSTER MEET %s: %w", s.Addr, err)
		}
	}
	return nil
}

// waitOK polls every node until it sees the whole cluster healthy.
func (c *Cluster) waitOK(limit time.Duration) error {
	want := []string{"cluster_state:ok", "cluster_slots_ok:" + strconv.Itoa(slots), "cluster_known_nodes:" + strconv.Itoa(len(c.Nodes))}
	deadline := time.Now().Add(limit)
	for {
		var notReady error
		for _, s := range c.Nodes {
			info, err := s.Do("CLUSTER", "INFO")
			if err != nil {
				notReady = fmt.Errorf("node %s: CLUSTER INFO: %w", s.Addr, err)
				break
			}
			for _, w := range want {
				if !containsLine(info, w) {
					notReady = fmt.Errorf("node %s does not report %s yet", s.Addr, w)
					break
				}
			}
			if notReady != nil {
				break
			}
		}
		if notReady == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("cluster not ready within %s: %w", limit, notReady)
		}
		time.Sleep(25 * time.Millisecond)
	}
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
	for _, s := range c.Nodes {
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
